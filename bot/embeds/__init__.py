"""Phones as embeds: plain dicts in Discord's JSON shape, fitted to Discord's limits when sent.

Nothing here talks to Discord. Builders return embeds as they are, and the embeds of each answer
are fitted once, on their way out (`fit_embeds`: `bot.views` for Discord, its page turns and
`ask --json`; the console's `render`): the 6000 characters a message may hold are shared by all
its embeds, which only the whole reply knows ([[cards]] are built one at a time). Text from the
catalog or from a user is escaped (markdown and mentions) wherever Discord renders markdown:
titles, descriptions and field values. Footers and author names are shown as typed.
`embed_text()` renders an embed as plain text for the offline console.

The modules: `limits` (Discord's limits and fitting within them), `text` (escaping, quoting),
`topics` (what a question can be about), `sections` (the lines of each part of a spec sheet),
`spec` (the spec sheet, a topic of it, the compact card), `news` (news and launch cards),
`lists` (pages of phones, "did you mean") and `plaintext` (the console's rendering).
"""

from __future__ import annotations

from bot.embeds.limits import (
    AUTHOR_MAX,
    CONTENT_MAX,
    DESCRIPTION_MAX,
    ELLIPSIS,
    EMBED_TOTAL_MAX,
    EMBEDS_MAX,
    FIELD_NAME_MAX,
    FIELD_VALUE_MAX,
    FIELDS_MAX,
    FOOTER_MAX,
    TITLE_MAX,
    fit_content,
    fit_embed,
    fit_embeds,
)
from bot.embeds.lists import ListPages, ambiguous_text, list_pages, not_found_text
from bot.embeds.news import latest_news_embeds, launch_embed, news_embeds
from bot.embeds.plaintext import embed_text, plain_text
from bot.embeds.spec import card_embed, sources_text, spec_embed, topic_embed
from bot.embeds.text import escape, quoted
from bot.embeds.topics import Topic, topic_for

__all__ = [
    "AUTHOR_MAX",
    "CONTENT_MAX",
    "DESCRIPTION_MAX",
    "ELLIPSIS",
    "EMBEDS_MAX",
    "EMBED_TOTAL_MAX",
    "FIELDS_MAX",
    "FIELD_NAME_MAX",
    "FIELD_VALUE_MAX",
    "FOOTER_MAX",
    "TITLE_MAX",
    "ListPages",
    "Topic",
    "ambiguous_text",
    "card_embed",
    "embed_text",
    "escape",
    "fit_content",
    "fit_embed",
    "fit_embeds",
    "latest_news_embeds",
    "launch_embed",
    "list_pages",
    "news_embeds",
    "not_found_text",
    "plain_text",
    "quoted",
    "sources_text",
    "spec_embed",
    "topic_embed",
    "topic_for",
]
