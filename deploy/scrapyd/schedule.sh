#!/bin/sh
# Deploy this project to a Scrapyd server and run the people spider there.
#   1. scrapy.cfg names the project; point a target at your server, e.g. add
#        [deploy:prod]
#        url = http://scrapyd.example.org:6800/
#      then, from the repository root:  scrapyd-deploy prod
#      (the egg is built by setup.py from pyproject.toml; it carries the settings module.)
#   2. Schedule a job (schedule.json); every -d setting=… is a Scrapy setting, -d NAME=… a spider
#      argument:
SCRAPYD=${SCRAPYD:-http://localhost:6800}
curl -sS "$SCRAPYD/schedule.json" \
    -d project=peoples_daily \
    -d spider=people \
    -d setting=OUTPUT_DIR=/srv/peoples-daily \
    -d setting=JOBDIR=/srv/peoples-daily/jobs/people \
    -d channels=politics,theory
