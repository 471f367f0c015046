"""Exercise 22: tornado's own request handlers (edit your copy, not this file)."""

import time

import tornado.web

LONGEST = 5


class Hello(tornado.web.RequestHandler):
    def get(self):
        self.write("Hello, World!")  # TODO: tornado says text/html for a str; say text/plain; charset=utf-8


class Slow(tornado.web.RequestHandler):
    def get(self):
        seconds = float(self.get_argument("seconds", "1"))  # TODO: 400 for a bad or too long value
        time.sleep(seconds)  # TODO: this stops the whole event loop while it waits
        self.write(f"slept {seconds:g}")


def make_app() -> tornado.web.Application:
    return tornado.web.Application([(r"/", Hello), (r"/slow", Slow)])
