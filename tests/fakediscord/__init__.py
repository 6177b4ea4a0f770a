"""A Discord-compatible server on 127.0.0.1 for end-to-end tests of the bot (see README.md)."""

from .interactions import IssuedInteraction
from .messages import MemberFile
from .recording import Request, UploadedFile
from .server import FakeDiscord

__all__ = ["FakeDiscord", "IssuedInteraction", "MemberFile", "Request", "UploadedFile"]
