"""Licences that recur across datasets."""

from southsouth.provenance import Licence

CC_BY_4 = Licence("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
CC_BY_SA_4 = Licence("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/")
CC_BY_NC_SA_4 = Licence(
    "CC BY-NC-SA 4.0",
    "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "non-commercial use only; share alike",
)
CC_BY_NC_4 = Licence(
    "CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/", "non-commercial use only"
)
CC0 = Licence("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/")
ODBL = Licence(
    "ODbL 1.0",
    "https://opendatacommons.org/licenses/odbl/1-0/",
    "attribution; share-alike for derived databases",
)
PDDL = Licence("ODC-PDDL 1.0", "https://opendatacommons.org/licenses/pddl/1-0/")
PUBLIC_DOMAIN = Licence("Public domain")
ETALAB_2 = Licence(
    "Etalab Open Licence 2.0", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
)
WHO_TERMS = Licence(
    "WHO terms (CC BY-NC-SA 3.0 IGO)",
    "https://www.who.int/about/policies/publishing/copyright",
    "non-commercial re-use with attribution; verify before redistribution",
)
SIPRI_TERMS = Licence(
    "SIPRI fair use",
    "https://www.sipri.org/databases/milex",
    "non-commercial use; cite SIPRI; reproduce at most 10 % of the database",
)
ITU_TERMS = Licence(
    "ITU terms",
    "https://www.itu.int/en/about/Pages/copyright.aspx",
    "re-use for educational and non-commercial purposes",
)
RESEARCH_USE = Licence("Free for research use with citation")
US_GOVERNMENT_WORK = Licence("US Government work (public domain)")
UN_OPEN_DATA = Licence("UN open-data terms", "https://www.un.org/en/about-us/terms-of-use")
CIVICUS_TERMS = Licence(
    "CIVICUS Monitor (no open licence stated)",
    "https://monitor.civicus.org",
    "cite CIVICUS Monitor",
)
PEW_TERMS = Licence(
    "Pew Research Center dataset terms", "https://www.pewresearch.org/about/terms-and-conditions/"
)
AIDDATA_TERMS = Licence("AidData open terms with attribution", "https://www.aiddata.org/datasets")
MIXED = Licence("Mixed (see each file)", "", "each file carries its own licence in dataset_origin")


def github_raw(repo: str, commit: str, path: str) -> str:
    """Direct download URL of a file in a public GitHub repository at a commit."""
    return f"https://raw.githubusercontent.com/{repo}/{commit}/{path}"


MIT = Licence("MIT", "https://opensource.org/license/mit", "attribution; keep the copyright notice")
