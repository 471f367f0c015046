#!/usr/bin/python3
"""Exercise 02: a CGI script by hand. The instructions are in README.md."""

# TODO: headers first, then a blank line, then the body; route on PATH_INFO;
# echo exactly CONTENT_LENGTH bytes of stdin for POST /echo.
print("Hello, World!")
