"""Dependency audit (`make audit`, run by `make bench`): known vulnerabilities in the locked
environment, with whatever advisory data this machine can reach.

pip-audit checks every installed distribution of `.venv` against an advisory service: PyPI's
JSON API (the advisories PyPI publishes per release) and OSV. Where those cannot answer (the
per-release JSON or OSV unreachable), the project-level PyPI JSON still lists the advisories
affecting each project's *latest* release: a package installed at its latest release is
checked that way ("pypi-latest"); an older one is reported as not checked, with both
versions. A package no service can answer for is reported as *not checked*, never as clean.
The summary says, per service, how many packages were checked, which are vulnerable (with
advisory ids and fixed versions) and how many could not be checked and why. It writes
out/dependency-audit.json and exits 1 when a checked package has a known vulnerability.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SERVICES = ("pypi", "osv")


def audit(service: str) -> dict[str, object]:
    """pip-audit's findings for the local environment against one advisory service."""
    command = [
        str(Path(sys.executable).with_name("pip-audit")),
        "--local",
        "--skip-editable",
        "--vulnerability-service",
        service,
        "--progress-spinner",
        "off",
        "--format",
        "json",
        "--timeout",
        "20",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"service": service, "reachable": False, "error": reason[:300]}
    dependencies = report.get("dependencies", [])
    checked = [d for d in dependencies if "skip_reason" not in d]
    skipped = [d for d in dependencies if "skip_reason" in d]
    vulnerable = [
        {
            "name": d["name"],
            "version": d["version"],
            "advisories": [
                {"id": v["id"], "fixed_in": v.get("fix_versions", [])} for v in d["vulns"]
            ],
        }
        for d in checked
        if d.get("vulns")
    ]
    reasons = Counter(_reason(d["skip_reason"]) for d in skipped)
    return {
        "service": service,
        "reachable": bool(checked),
        "packages": len(dependencies),
        "checked": len(checked),
        "vulnerable": vulnerable,
        "not_checked": len(skipped),
        "not_checked_reasons": dict(reasons),
    }


def audit_latest() -> dict[str, object]:
    """Advisories of each installed package that is at its latest release (project JSON)."""
    import importlib.metadata

    import httpx

    installed = {
        (d.metadata["Name"] or "").lower(): d.version
        for d in importlib.metadata.distributions()
        if d.metadata["Name"] and d.metadata["Name"].lower() != "southsouth"
    }
    checked, vulnerable, behind, failed = 0, [], [], []
    with httpx.Client(timeout=20, follow_redirects=True) as client:
        for name, version in sorted(installed.items()):
            try:
                response = client.get(f"https://pypi.org/pypi/{name}/json")
                response.raise_for_status()
                body = response.json()
            except (httpx.HTTPError, ValueError) as error:
                failed.append(f"{name}: {type(error).__name__}")
                continue
            latest = body["info"]["version"]
            if latest != version:
                behind.append({"name": name, "installed": version, "latest": latest})
                continue
            checked += 1
            advisories = [
                {"id": v["id"], "fixed_in": v.get("fixed_in") or []}
                for v in body.get("vulnerabilities") or []
                if not v.get("withdrawn")
            ]
            if advisories:
                vulnerable.append({"name": name, "version": version, "advisories": advisories})
    reasons: dict[str, int] = {}
    if behind:
        reasons["installed release is older than the latest (advisories not published here)"] = len(
            behind
        )
    if failed:
        reasons["project JSON not reachable"] = len(failed)
    return {
        "service": "pypi-latest",
        "reachable": checked > 0,
        "packages": len(installed),
        "checked": checked,
        "vulnerable": vulnerable,
        "not_checked": len(behind) + len(failed),
        "not_checked_reasons": reasons,
        "behind_latest": behind,
    }


def _reason(text: str) -> str:
    if "not found on PyPI" in text:
        return "the advisory service has no record of this release"
    return text.split(":")[0][:120]


def main() -> int:
    """Audit against each service, print a summary, write the JSON report."""
    results = [*(audit(service) for service in SERVICES), audit_latest()]
    out = REPO / "out"
    out.mkdir(exist_ok=True)
    (out / "dependency-audit.json").write_text(json.dumps(results, indent=2))
    found = False
    for result in results:
        service = result["service"]
        if "error" in result:
            print(f"{service}: could not run ({result['error']})")
            continue
        print(
            f"{service}: {result['checked']} of {result['packages']} packages checked, "
            f"{len(result['vulnerable'])} with known vulnerabilities, "
            f"{result['not_checked']} not checked"
        )
        for reason, count in result["not_checked_reasons"].items():
            print(f"  not checked ({count}): {reason}")
        for item in result["vulnerable"]:
            found = True
            ids = ", ".join(
                f"{a['id']} (fixed in {', '.join(a['fixed_in']) or 'no release yet'})"
                for a in item["advisories"]
            )
            print(f"  VULNERABLE {item['name']} {item['version']}: {ids}")
    if not any(r.get("checked") for r in results):
        print("no advisory service could check any package here: the audit proves nothing")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
