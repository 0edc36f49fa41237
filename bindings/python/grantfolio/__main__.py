"""``python3 -m grantfolio report ...``: the commands that need Python (the HTML report, drawn with
matplotlib); everything else is the ``grantfolio`` command-line tool."""
import sys

from . import report


def main(argv=None):
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "report":
        print("usage: python3 -m grantfolio report [SOURCE] [--lang en|sq] [--as-of DATE] [--currency CODE] "
              "[--rates FILE] -o FILE\n(the other commands are the grantfolio command-line tool's)", file=sys.stderr)
        return 2
    return report.main(args[1:])


if __name__ == "__main__":
    sys.exit(main())
