"""Boilerplate blanking and plain-text metadata on invented articles in other outlets' styles."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbot.inbox import read_article
from briefbot.inbox.boilerplate import blank_spans, find_boilerplate
from briefbot.inbox.metadata import normalise_date, split_authors

DATA = Path(__file__).parent.parent / "data" / "inbox"


def body_lines(article) -> list[str]:
    return [line.strip() for line in article.body.splitlines() if line.strip()]


def test_ap_style_byline_credits_and_copyright():
    article = read_article(DATA / "lisbon_ap_byline.txt")
    assert article.title == "Port workers end strike after pension deal"
    assert article.authors == ("Jane Doe", "Tom Lee")
    assert article.outlet == "The Associated Press"
    assert article.published == "2026-03-03"
    for junk in ("By Jane Doe", "Published:", "contributed to this report", "All rights"):
        assert junk not in article.body
    assert "LISBON, Portugal (AP) — Dock workers in Lisbon ended" in article.body
    assert "“This is a fair result for families who have waited too long,”" in article.body


def test_unn_style_page_furniture_and_tags():
    article = read_article(DATA / "lviv_unn_tags.md")
    assert article.title == "Mayor says city heating will hold through the cold snap"
    assert article.outlet == "Kyiv Daily"
    assert article.authors == ("Olena Marchenko",)
    assert article.published == "2026-01-20"
    lines = body_lines(article)
    for junk in ("Lviv • Kyiv Daily", "• 1.2K views", "Context", "Energy", "Winter", "Lviv"):
        assert junk not in lines
    assert "€12" not in article.body and "![" not in article.body
    assert "Olena Marchenko" not in article.body
    assert lines[-1].startswith("He added that residents should expect short")
    assert "Lviv Mayor Andriy Sadovyi said on Tuesday" in article.body


def test_donation_appeal_with_another_outlet_and_button():
    article = read_article(DATA / "riga_appeal.txt")
    assert article.outlet == "The Riga Herald"
    assert article.title is None  # the first line is a paragraph: no title evidence
    for junk in ("A Note from", "Dear readers", "monthly donation", "Maybe later"):
        assert junk not in article.body
    assert "the minister said at a press conference" in article.body


def test_newsmax_style_envelope_byline_and_bio(tmp_path):
    story = (
        "Senators on Tuesday approved a bill to fund new bridge inspections across the country.\n"
        '"Our bridges are older than most of the people who drive across them," Sen. Ann '
        "Walsh said on the Senate floor.\n"
        "The House is expected to take up the measure next month.\n"
        "Reuters contributed to this report.\n"
        "Peter Quill ✉\n"
        "Peter Quill is a reporter for Example Daily. He covers Congress and transport.\n"
        "© 2026 Example Daily Media, Inc. All rights reserved.\n"
    )
    path = tmp_path / "bridges.txt"
    path.write_text(story, encoding="utf-8")
    article = read_article(path)
    assert article.authors == ("Peter Quill",)
    assert article.outlet == "Example Daily Media"
    assert "Peter Quill" not in article.body and "Reuters" not in article.body
    assert body_lines(article)[-1] == "The House is expected to take up the measure next month."


def test_real_sentences_that_look_like_boilerplate_are_kept(tmp_path):
    story = (
        "Rutte said the alliance would meet again in June to review its air defence plans.\n"
        "Copyright disputes between the two broadcasters have dragged on for years, he noted.\n"
        "The minister, who is a former journalist, said the reporters deserved better access.\n"
        "NATO\n"
        "He said the summit would take place in The Hague, as planned by the members.\n"
    )
    path = tmp_path / "kept.txt"
    path.write_text(story, encoding="utf-8")
    article = read_article(path)
    assert "Copyright disputes between the two broadcasters" in article.body
    assert "who is a former journalist" in article.body
    assert "NATO\n" not in article.body  # a lone label between paragraphs goes
    assert article.authors == ()


def test_blank_spans_keeps_line_breaks_and_length():
    text = "ab\r\ncd\nef"
    assert blank_spans(text, [(0, 10)]) == "  \r\n  \n  "
    assert blank_spans(text, [(1, 5)]) == "a \r\n d\nef"


def test_inline_image_markdown_and_trailing_pipes():
    text = "Intro ![alt](http://x/y.png) text.\nA longer line that ends. |\n![]() |\nThe end.\n"
    found = find_boilerplate(text)
    body = blank_spans(text, found.spans)
    assert len(body) == len(text)
    assert "![" not in body and "|" not in body
    assert "Intro" in body and "text." in body and "A longer line that ends." in body


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-02-12", "2026-02-12"),
        ("2026-02-12T23:10:00+02:00", "2026-02-12"),
        ("Thu, 12 Feb 2026 10:00:00 +0000", "2026-02-12"),
        ("Thu, Feb 12, 2026 at 10:05 AM", "2026-02-12"),
        ("February 12th, 2026", "2026-02-12"),
        ("12 Sept 2026", "2026-09-12"),
        ("2026/13/45", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


def test_split_authors():
    assert split_authors("By Jane Doe and Tom Lee") == ("Jane Doe", "Tom Lee")
    assert split_authors(["A. Writer", "A. Writer", 7]) == ("A. Writer",)
    assert split_authors("Koval; Martin") == ("Koval", "Martin")
    assert split_authors(None) == ()
    assert split_authors(["Username", "Erin Cunningham", "Trending News"]) == ("Erin Cunningham",)


PASTED_PAGE = """Home

News

Sports

Football

Trending

Harbour strike ends as port and unions agree pension deal…

Share this story:

Click to share on LinkedIn (Opens in new window)

Share via Email

Harbour strike ends as port and unions agree pension deal

Dock workers cheer outside the terminal on Monday. Photograph: Ana Reis for the Example Post

Mara Quell and Tomas Brand   EXAMPLE POST

Published 7:07 PM EST Mar 3, 2026

Sign up for Morning Briefings and Alerts

Most Popular

City council approves new tram line after years of debate

Mayor says the budget hole is bigger than expected. These maps show where.

LISBON — Dock workers ended a nine-day strike on Monday after the port authority agreed to \
restore part of their pension scheme, union leaders said at a rally outside the terminal.

"This is a fair result for families who have waited too long," union spokesperson Rui Almeida \
told reporters.

Workers unload a container ship at the harbour, the first in nine days

Port director Helena Costa said the authority would publish the full agreement this week.

Contributing: Ines Varga

Trending News

More in Football

Coach says the team must stop conceding early goals

November 19, 2025 at 5:10 pm

Coach Silva said on Sunday that "we cannot keep giving away goals in the first ten minutes, it \
is a bad formula for success" after ...

Read More

When you comment, please be kind to other readers and their opinions.

Copyright © 2026 Example Media Group, Inc.
"""


def test_pasted_page_clutter_is_blanked_and_the_headline_is_the_title(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(PASTED_PAGE, encoding="utf-8")
    article = read_article(path)
    assert article.title == "Harbour strike ends as port and unions agree pension deal"
    assert article.authors == ("Mara Quell", "Tomas Brand")
    assert article.published == "2026-03-03"
    lines = body_lines(article)
    assert lines == [
        "LISBON — Dock workers ended a nine-day strike on Monday after the port authority agreed"
        " to restore part of their pension scheme, union leaders said at a rally outside the"
        " terminal.",
        '"This is a fair result for families who have waited too long," union spokesperson Rui'
        " Almeida told reporters.",
        "Port director Helena Costa said the authority would publish the full agreement this"
        " week.",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Share on Facebook", "Click to share on Pinterest (opens in a new tab)", "Share permalink",
        "Sign up for our newsletter", "Get the best stories in your inbox weekly", "Read more",
        "Read the full story at Harbour FM:", "This report has been adapted from its first source.",
        "Beekeeper Ines Morava. Photograph: Tobias Lund for the Observer",
        "Clockwise from left: old hive frames; wax combs, from the roof of a barn.",
        "A worker at the site on Monday. (AP Photo/Jane Doe)", "(Credit: Getty Images)",
        "New Zealand / Politics", "We use cookies to learn how visitors move around our pages.",
        "Follow AP's full coverage of the election at https://apnews.com/election",
        "This story has been corrected to show the minister spoke on Monday, not Tuesday.",
        "READ MORE: Minister says the tram line will be finished by the end of the year.",
        "Image caption, The mayor said the stations would be paid for by the city.",
    ],
)
def test_one_line_clutter(line):
    text = (
        "Officials said on Monday that the new line would open next year, after a long delay.\n"
        f"{line}\n"
        "The mayor said the city would pay for the stations, as agreed with the government.\n"
    )
    body = blank_spans(text, find_boilerplate(text).spans)
    assert not body.splitlines()[1].strip(), line
    assert "the new line would open" in body and "the city would pay" in body


def test_written_by_byline():
    text = (
        "Mayor backs the new tram line after years of debate\n"
        "Written by Jane Doe\n"
        "The mayor said on Monday that the new line would open next year, after a long delay.\n"
    )
    found = find_boilerplate(text)
    assert found.clues.authors == ("Jane Doe",)
    assert found.headline == "Mayor backs the new tram line after years of debate"


def test_furniture_names_are_never_authors():
    text = (
        "The minister said on Monday that the bridge would reopen in the spring, as planned.\n"
        "Officials said the repairs had cost more than expected but were finished on time.\n"
        "Trending News\n"
        "Bridge\n"
    )
    assert find_boilerplate(text).clues.authors == ()


def test_newsletter_footer_and_reply_header(tmp_path):
    text = (
        "Worth a line tomorrow, I think.\n\n"
        "On Mon, 18 Nov 2019 at 09:12, Sam Ortiz <sam@example.com> wrote:\n"
        "> The minister said on Monday that the bridge would reopen in the spring, as planned\n"
        "> by the city council and the transport agency after the inspection of the pillars.\n"
        "> Officials said the repairs had cost more than expected but were finished on time,\n"
        "> and that traffic would return to normal within a week of the bridge reopening.\n"
        ">\n"
        "> You received this newsletter because you signed up for City Daily.\n"
        "> Unsubscribe | Manage preferences\n"
    )
    path = tmp_path / "reply.txt"
    path.write_text(text, encoding="utf-8")
    article = read_article(path)
    lines = [line for line in body_lines(article) if line != ">"]  # quoting, read by normalise
    assert lines[0].startswith("> The minister said on Monday that the bridge would reopen")
    assert lines[-1].startswith("> and that traffic would return to normal within a week")
    assert article.title is None


def test_caption_credits_and_long_notices():
    text = (
        "Officials said on Monday that the new line would open next year, after a long delay.\n"
        "This June 4, 2015, file photo, released by the Harbour Police shows the warehouse.\n"
        "The mayor said the city would pay for the stations, as agreed with the government.\n"
        "When you comment, please be kind to other readers and their opinions. We want the "
        "discussion under each story to stay polite, useful and on point, and moderators may "
        "delete replies that stray from the subject or attack other people.\n"
    )
    body = blank_spans(text, find_boilerplate(text).spans)
    assert "file photo" not in body and "When you comment" not in body
    assert "the new line would open" in body and "the city would pay" in body


def test_markdown_link_markup_is_blanked_and_its_text_kept():
    text = (
        "The [defense secretary](https://example.com/people/hegseth) said the plan was "
        "\"certainly not a betrayal\", according to [a statement](/news/statement).\n"
    )
    body = blank_spans(text, find_boilerplate(text).spans)
    assert " ".join(body.split()) == (
        'The defense secretary said the plan was "certainly not a betrayal", according to a '
        "statement ."  # the blanked "](target)" stays a space: offsets keep pointing at the file
    )


def test_forward_pasted_as_text(tmp_path):
    text = (
        "Could make a short item for the evening digest.\n\nDana\n\n"
        "---------- Forwarded message ---------\n"
        "From: City Daily <news@example.com>\n"
        "Date: Wed, Mar 11, 2020 at 6:41 PM\n"
        "Subject: Fwd: Bridge to reopen in spring\n"
        "To: dana@example.com\n\n"
        "The minister said on Monday that the bridge would reopen in the spring, as planned by "
        "the city council.\n"
        "Officials said the repairs had cost more than expected but were finished on time.\n"
    )
    path = tmp_path / "forward.txt"
    path.write_text(text, encoding="utf-8")
    article = read_article(path)
    assert article.title == "Bridge to reopen in spring"
    assert article.published == "2020-03-11"
    assert body_lines(article)[0].startswith("The minister said on Monday")


def test_markdown_title_however_short(tmp_path):
    path = tmp_path / "story.md"
    path.write_text(
        "# Tram deal agreed\n\n"
        "The mayor said on Monday that the new line would open next year, after a long delay "
        "caused by a dispute over the cost of the stations.\n", encoding="utf-8")
    article = read_article(path)
    assert article.title == "Tram deal agreed"
    assert "Tram deal" not in article.body
