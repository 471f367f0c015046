#!/bin/sh
# Start the app stand-alone, the way a production box would run it.
# The checker runs this file from the checkout with PORT set to a free port.
python3 apps/hello/run.py --port="$PORT"
