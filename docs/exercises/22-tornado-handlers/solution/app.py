"""Exercise 22, a reference: tornado's own request handlers, the waiting one on a timer."""

import asyncio

import tornado.web

LONGEST = 5


class Hello(tornado.web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.write("Hello, World!")


class Slow(tornado.web.RequestHandler):
    async def get(self):
        try:
            seconds = float(self.get_argument("seconds", "1"))
        except ValueError:
            raise tornado.web.HTTPError(400) from None
        if not 0 <= seconds <= LONGEST:
            raise tornado.web.HTTPError(400)
        await asyncio.sleep(seconds)  # the loop serves others meanwhile
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.write(f"slept {seconds:g}")


def make_app() -> tornado.web.Application:
    return tornado.web.Application([(r"/", Hello), (r"/slow", Slow)])
