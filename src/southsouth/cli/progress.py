"""Rich progress bars for downloads and dataset loads."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from southsouth.sync import SyncEvents, SyncResult


class _AmountColumn(ProgressColumn):
    """Bytes for file transfers, counts for datasets."""

    def __init__(self) -> None:
        super().__init__()
        self._bytes = DownloadColumn()

    def render(self, task: Task) -> Text:
        if task.fields.get("bytes"):
            return self._bytes.render(task)
        return Text(f"{int(task.completed)}/{int(task.total or 0)}")


class SyncProgress(SyncEvents):
    """One bar for the datasets, one for the file being transferred."""

    def __init__(self, total: int, console: Console) -> None:
        self.console = console
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            _AmountColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.overall: TaskID = self.bar.add_task("datasets", total=total)
        self.file: TaskID | None = None

    def __enter__(self) -> SyncProgress:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    # SyncEvents
    def dataset_started(self, dataset_id: str, step: str) -> None:
        """Show which dataset is in which step."""
        self.bar.update(self.overall, description=f"{step:>6} {escape(dataset_id)}")

    def dataset_finished(self, result: SyncResult) -> None:
        """Advance the dataset bar and print a line for the dataset."""
        self.bar.advance(self.overall)
        mark = {"loaded": "[green]loaded[/]", "up-to-date": "[dim]up to date[/]"}.get(
            result.outcome, "[red]failed[/]"
        )
        detail = f"{result.rows:,} rows" if result.outcome == "loaded" else ""
        if result.error is not None:
            detail = f"({escape(result.error.code)})"
        self.console.print(
            f"  {mark} {escape(result.dataset_id)} {detail} ({result.seconds:.1f} s)",
            highlight=False,
        )

    # fetch Progress protocol
    def start(self, label: str, total: int | None) -> None:
        """A file transfer begins."""
        self.file = self.bar.add_task(f"  fetch {label}", total=total, bytes=True)

    def advance(self, nbytes: int) -> None:
        """Bytes arrived."""
        if self.file is not None:
            self.bar.advance(self.file, nbytes)

    def done(self) -> None:
        """The transfer ended."""
        if self.file is not None:
            self.bar.remove_task(self.file)
            self.file = None
