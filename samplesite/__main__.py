"""Serve the sample site, or run one command against it.

python -m samplesite serve [--port 8800]      # serve until Ctrl-C
python -m samplesite run -- scrapy crawl people
    # start the site on a free port, run the command with http_proxy pointing at it,
    # stop the site, exit with the command's status
python -m samplesite serve --generated 5000
    # add a generated site of 5,000 articles (samplesite/generated.py); its channel list pages
    # replace the sample site's (start from: python -m samplesite start-urls --generated 5000)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from samplesite.generated import GeneratedSite
from samplesite.server import SampleSite


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m samplesite", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="action", required=True)
    serve = sub.add_parser("serve", help="serve until interrupted")
    serve.add_argument("--port", type=int, default=8800)
    run = sub.add_parser("run", help="run a command with http_proxy set to the site")
    start = sub.add_parser("start-urls", help="print the generated site's start URLs, one line")
    for command in (serve, run, start):
        command.add_argument(
            "--generated", type=int, default=0, metavar="N", help="add a site of N articles"
        )
    run.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    args = parser.parse_args(argv)
    generated = GeneratedSite(args.generated) if args.generated else None

    if args.action == "start-urls":
        print(",".join((generated or GeneratedSite(0)).start_urls()))
        return 0
    if args.action == "serve":
        site = SampleSite(port=args.port, generated=generated, keep_exchanges=False)
        print(f"Sample site: export http_proxy={site.proxy_url}", flush=True)
        try:
            site.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            site.server_close()
        return 0

    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("run: give the command to run after --")
    site = SampleSite(generated=generated, keep_exchanges=False).start()
    env = {**os.environ, "http_proxy": site.proxy_url, "HTTP_PROXY": site.proxy_url}
    print(f"Sample site serving as proxy at {site.proxy_url}", flush=True)
    try:
        return subprocess.run(command, env=env, check=False).returncode
    finally:
        site.stop()


if __name__ == "__main__":
    sys.exit(main())
