"""A tiny text progress bar for management commands (stderr, so stdout stays the summary)."""

WIDTH = 30


class ProgressBar:
    """``label [##########----------]  12/40``, redrawn in place on a terminal.

    Elsewhere (a log, CI) only the finished bar is written, not one line per step.
    """

    def __init__(self, stream, label, total):
        self.stream, self.label, self.total, self.done = stream, label, total, 0
        self.live = stream.isatty()
        self._drawn = None

    def update(self, done):
        self.done = done
        if self.live:
            line = self._line()
            if line != self._drawn:
                self._write("\r" + line)
                self._drawn = line

    def finish(self):
        self._write(("\r" if self.live else "") + self._line() + "\n")

    def _line(self):
        total = max(self.total, self.done, 1)
        filled = WIDTH * self.done // total
        return (
            f"{self.label:<12} [{'#' * filled}{'-' * (WIDTH - filled)}] "
            f"{self.done:>{len(str(total))}}/{total}"
        )

    def _write(self, text):
        # Django's OutputWrapper would colour stderr red and add a newline; neither is wanted.
        self.stream.write(text, style_func=str, ending="")
        self.stream.flush()


def ticking(items, bar):
    """The items unchanged, moving the bar along as they are consumed."""
    for count, item in enumerate(items, start=1):
        yield item
        bar.update(count)
