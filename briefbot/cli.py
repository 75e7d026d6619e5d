"""The command line: a thin click shell over briefbot's functions. No logic, no SQL."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from functools import wraps

import click

from briefbot.config import ConfigError, Settings, load_settings
from briefbot.logs import configure_logging
from briefbot.templating import phrase, render, render_digest_text, render_reply


class Runtime:
    """What a command needs, built on first use so `--help` never loads spaCy."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._store = None
        self._extractor = None

    @property
    def store(self):
        if self._store is None:
            from briefbot.store import Store

            self._store = Store(self.settings.db_path)
        return self._store

    @property
    def extractor(self):
        if self._extractor is None:
            from briefbot.extract import Extractor, ModelMissing, load_nlp

            try:
                self._extractor = Extractor(load_nlp(self.settings.model))
            except ModelMissing as e:
                raise click.ClickException(str(e)) from e
        return self._extractor

    @property
    def lazy_extractor(self):
        """The extractor, loaded when this process extracts an article itself, not when worker
        processes do (`workers.LazyExtractor`)."""
        from briefbot.workers import LazyExtractor

        return LazyExtractor(lambda: self.extractor)

    def require_model(self) -> None:
        """Say at once that the model is not installed, as `extractor` would, without loading
        it."""
        from briefbot.checks import model_installed

        if not model_installed(self.settings.model):
            from briefbot.extract.pipeline import model_missing_message

            raise click.ClickException(model_missing_message(self.settings.model))


pass_runtime = click.make_pass_decorator(Runtime)

# Exit statuses: 0 done, 1 a command could not do what was asked (unknown name, nothing to
# show), 2 bad settings, bad input or a start-up problem (click uses 2 for usage errors too).
EXIT_BAD_INPUT = 2


class BadSetup(click.ClickException):
    """A setting or start-up problem: one line, exit status 2."""

    exit_code = EXIT_BAD_INPUT


class BadInputError(click.ClickException):
    """A command-line value that cannot be used (a date, a page past the end): one line saying
    what is accepted, exit status 2."""

    exit_code = EXIT_BAD_INPUT


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _json_line(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


def _say_refused(refused: list[tuple[str, str]]) -> None:
    """Each refused file and why, on stderr (stdout stays the command's output)."""
    if refused:
        click.echo(render("refused.txt.j2", refused=refused), err=True, nl=False)


def handle_errors(fn):
    """Known failures become one clear line on stderr and exit code 1, never a traceback."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        from briefbot.cadence import ScheduleError

        try:
            return fn(*args, **kwargs)
        except ConfigError as e:
            raise BadSetup(str(e)) from e
        except ScheduleError as e:
            raise click.ClickException(phrase("schedule_error", e)) from e

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="TOML settings file (default: $BRIEFBOT_CONFIG, then ./briefbot.toml).")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.version_option(package_name="briefbot")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, verbose: int) -> None:
    """briefbot reads the news and remembers who said what."""
    from briefbot.lifecycle import take_early_signals

    ctx.meta["stop"] = take_early_signals(for_run=ctx.invoked_subcommand == "run")
    configure_logging(verbose)
    if ctx.invoked_subcommand == "doctor":
        ctx.obj = config_path  # doctor reports bad settings instead of stopping at them
        return
    try:
        ctx.obj = Runtime(load_settings(config_path))
    except ConfigError as e:
        raise BadSetup(str(e)) from e


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="One JSON summary instead of text.")
@click.option("--workers", type=click.IntRange(1), default=None,
              help="Extraction processes (default: one per core).")
@pass_runtime
def ingest(rt: Runtime, paths: tuple[str, ...], as_json: bool, workers: int | None) -> None:
    """Read article files or folders into the database (duplicates are skipped)."""
    from briefbot.ingest import IngestLimits, ingest_paths
    from briefbot.workers import ExtractionPool

    rt.require_model()
    extractor = rt.lazy_extractor  # the workers load the model; this process only if it extracts
    with ExtractionPool(extractor, rt.settings.model, workers) as pool:
        report = ingest_paths(rt.store, extractor, paths, pool=pool,
                              limits=IngestLimits.from_settings(rt.settings))
    if as_json:
        _json_line(asdict(report))
        return
    _say_refused(report.refused)
    for path, reason in report.failed:
        click.echo(phrase("ingest_failed", path, reason), err=True)
    click.echo(render("ingest.txt.j2", report=report), nl=False)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--jsonl", is_flag=True,
              help="One JSON object per statement, with offsets into each file's text (for "
                   "scorers), instead of one readable line per statement.")
@pass_runtime
def extract(rt: Runtime, paths: tuple[str, ...], jsonl: bool) -> None:
    """Extract who said what from files without storing anything."""
    from briefbot.actors import ActorRegistry
    from briefbot.ingest import IngestLimits, IngestReport, extract_articles, read_articles

    limits = IngestLimits.from_settings(rt.settings)
    report = IngestReport()
    articles = read_articles(paths, report, limits=limits)
    registry = ActorRegistry()
    extractions = extract_articles(rt.extractor, registry, articles, limits.extract_seconds)
    for article, extraction in zip(articles, extractions, strict=True):
        if isinstance(extraction, str):
            report.refused.append((article.path, extraction))
    _say_refused(report.refused)
    for article, extraction in zip(articles, extractions, strict=True):
        if isinstance(extraction, str):
            continue
        if not jsonl:
            click.echo(render("extraction.txt.j2", article=article, extraction=extraction),
                       nl=False)
            continue
        for st in extraction.statements:
            _json_line({"file": article.path, **asdict(st)})


@cli.command()
@click.argument("name", nargs=-1, required=True)
@click.option("--topic", help="Only statements about this topic.")
@click.option("--since", help="Only statements from this date on: YYYY-MM-DD, today, "
                              "yesterday, 7d, 2w (articles without a date are left out).")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 500))
@click.option("--offset", default=0, type=click.IntRange(0))
@click.option("--json", "as_json", is_flag=True, help="JSON instead of text.")
@pass_runtime
def whosaid(rt: Runtime, name: tuple[str, ...], topic: str | None, since: str | None,
            limit: int, offset: int, as_json: bool) -> None:
    """Statements by the actor NAME resolves to (surname, full name or alias), newest first."""
    from briefbot.dates import parse_since
    from briefbot.whosaid import who_said

    since = _checked_date(parse_since, since)
    answer = who_said(rt.store, " ".join(name), topic=topic, since=since, limit=limit,
                      offset=offset, synonyms=rt.settings.topic_synonyms)
    if as_json:
        _json_line(answer.as_dict())
    elif answer.past_the_end:
        raise BadInputError(render_reply(answer).strip().splitlines()[-1])
    else:
        click.echo(render_reply(answer, offset_hint=True), nl=False)
    if answer.actor is None:
        sys.exit(1)


def _checked_date(parse, typed: str | None) -> str | None:
    """`--since` through the one date parser every face uses; a bad one is exit status 2 with
    what is accepted."""
    from briefbot.commands import BadInput
    from briefbot.dates import BadDate

    if typed is None:
        return None
    try:
        return parse(typed)
    except BadDate as e:
        raise BadInputError("--since: " + render_reply(BadInput("since", e.typed)).strip()) \
            from e


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per actor.")
@click.option("--all", "show_all", is_flag=True,
              help="Also actors who are only mentioned, never quoted.")
@pass_runtime
def actors(rt: Runtime, as_json: bool, show_all: bool) -> None:
    """Canonical actors with their aliases, roles and statement counts."""
    shown = [a for a in rt.store.actors_with_groups_counted() if show_all or a.statement_count]
    if as_json:
        for actor in shown:
            _json_line(asdict(actor))
    else:
        click.echo(render("actors.txt.j2", actors=shown), nl=False)


@cli.command()
@click.option("--topic", help="The topic: a word, a phrase or actor:NAME.")
@click.option("--channel", help="Every topic this channel is subscribed to.")
@click.option("--since", help="Start of the period: an ISO date or time (UTC), today, "
                              "yesterday, 7d, 2w; default: the previous digest for the "
                              "channel, or everything for a topic.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "blocks"]), default="text",
              show_default=True)
@click.option("--rank", type=click.Choice(["quoted", "reach"]), default="quoted",
              show_default=True, help="quoted: most quoted actor first; reach: the statements "
                                      "carried by the most articles first.")
@pass_runtime
@handle_errors
def digest(rt: Runtime, topic: str | None, channel: str | None, since: str | None,
           fmt: str, rank: str) -> None:
    """Render a digest without posting it."""
    from briefbot.dates import parse_moment
    from briefbot.digest import build_digest

    if bool(topic) == bool(channel):
        raise click.UsageError(phrase("digest_needs_one"))
    since = _checked_date(parse_moment, since)
    end = _now_iso()
    if topic:
        plans = [(topic, since)]
    else:
        subs = rt.store.subscriptions(rt.settings.team_id, channel)
        if not subs:
            raise click.ClickException(phrase("channel_without_subscriptions", channel))
        plans = []
        for sub in subs:
            last = rt.store.last_digest_run(sub.team_id, sub.channel_id, sub.topic)
            plans.append((sub.topic, since or (last.period_end if last else None)))
    for t, start in plans:
        d = build_digest(rt.store, t, start, end, timezone=rt.settings.timezone,
                         synonyms=rt.settings.topic_synonyms, rank=rank)
        if fmt == "text":
            click.echo(render_digest_text(d), nl=False)
        elif fmt == "blocks":
            from briefbot.slack.blocks import digest_messages

            _json_line(digest_messages(d))
        else:
            _json_line(d.as_dict())


@cli.group()
def feeds() -> None:
    """RSS and Atom feeds: poll, add, list, remove, import and export (OPML)."""


def _synced(rt: Runtime):
    from briefbot.feeds.manage import sync_config_feeds

    sync_config_feeds(rt.store, rt.settings.feeds)
    return rt.store


@feeds.command("poll")
@pass_runtime
@handle_errors
def feeds_poll(rt: Runtime) -> None:
    """Poll every feed once, store what is new, and exit (for cron and tests). Exit code 1
    when a feed failed (the others were still read)."""
    from briefbot.feeds.poll import FeedPoller

    store = _synced(rt)
    if not store.feeds():
        click.echo(render_reply(_feed_list(store)), nl=False)
        return
    results = FeedPoller(store, rt.extractor).poll_all()
    for result in results:
        click.echo(result.line())
    if any(r.status == "failed" for r in results):
        sys.exit(1)


def _feed_list(store):
    from briefbot.feeds.manage import FeedList

    return FeedList(store.feeds())


@feeds.command("list")
@pass_runtime
@handle_errors
def feeds_list(rt: Runtime) -> None:
    """Every feed with its last poll and its last error."""
    click.echo(render_reply(_feed_list(_synced(rt))), nl=False)


@feeds.command("add")
@click.argument("url")
@click.option("--outlet", help="The outlet its articles are credited to (default: the "
                               "feed's title).")
@click.option("--interval", type=click.IntRange(1), default=30, show_default=True,
              help="Minutes between polls.")
@pass_runtime
@handle_errors
def feeds_add(rt: Runtime, url: str, outlet: str | None, interval: int) -> None:
    """Add a feed (polled by `briefbot run`, or now by `briefbot feeds poll`)."""
    from briefbot.feeds.manage import add_feed

    change = add_feed(_synced(rt), url, outlet, interval)
    click.echo(render_reply(change), nl=False)
    if change.change == "bad_url":
        sys.exit(1)


@feeds.command("remove")
@click.argument("feed_id")
@pass_runtime
@handle_errors
def feeds_remove(rt: Runtime, feed_id: str) -> None:
    """Remove feed ID (see `feeds list`); its articles stay."""
    from briefbot.feeds.manage import remove_feed

    change = remove_feed(_synced(rt), feed_id)
    click.echo(render_reply(change), nl=False)
    if change.change != "removed":
        sys.exit(1)


@feeds.command("import")
@click.argument("opml_file", type=click.File("rb"))
@pass_runtime
@handle_errors
def feeds_import(rt: Runtime, opml_file) -> None:
    """Add every feed of an OPML file (exported from another feed reader)."""
    from briefbot.feeds.manage import import_opml
    from briefbot.feeds.opml import OpmlError, read_opml

    try:
        listed = read_opml(opml_file.read())
    except OpmlError as e:
        raise click.ClickException(phrase("file_problem", opml_file.name, e)) from e
    changes = import_opml(_synced(rt), listed)
    added = sum(c.change == "added" for c in changes)
    click.echo(phrase("opml_imported", added, len(changes) - added, len(listed), opml_file.name))


@feeds.command("export")
@click.argument("opml_file", type=click.File("w", encoding="utf-8"), default="-")
@pass_runtime
@handle_errors
def feeds_export(rt: Runtime, opml_file) -> None:
    """Every feed as OPML (to a file, or to stdout)."""
    from briefbot.feeds.opml import write_opml

    opml_file.write(write_opml([(f.url, f.name) for f in _synced(rt).feeds()]))


@cli.command()
@click.option("--no-prompt", is_flag=True,
              help="Console mode without the command prompt: only watch the inbox.")
@click.pass_context
def run(ctx: click.Context, no_prompt: bool) -> None:
    """Watch the inbox and serve Slack (Socket Mode with SLACK_APP_TOKEN, HTTP with
    SLACK_SIGNING_SECRET), or a console prompt for /whosaid and /briefbot without tokens.

    Stops on end of input or `quit` (console, or a terminal), SIGINT or SIGTERM, after finishing
    what is in flight (a second signal stops at once). Exit status 0 when stopped, 2 when a
    setting or Slack stopped it from starting."""
    from briefbot.lifecycle import StopRequest, end_process

    # Installed by `briefbot.__main__` at process start; installed here when called otherwise.
    stop = ctx.meta.get("stop") or StopRequest().install()
    rt: Runtime = ctx.obj
    from briefbot.checks import StartupError
    from briefbot.service import run_service

    try:
        deadline = run_service(rt.settings, lambda: rt.store,
                               rt.lazy_extractor, prompt=not no_prompt,
                               stop=stop)
    except StartupError as e:
        if ctx.find_root().params.get("verbose"):
            import logging

            logging.getLogger(__name__).exception("start-up failed")
        BadSetup(str(e)).show()
        end_process(BadSetup.exit_code)
    end_process(0, deadline)


@cli.command()
@click.pass_context
def doctor(ctx: click.Context) -> None:
    """Check the settings, database, model, inbox folder and Slack; one line each. Exit status
    0 when all is well, 1 when something is not."""
    from briefbot.checks import doctor as run_checks

    settings, error = None, None
    try:
        settings = load_settings(ctx.obj)
    except ConfigError as e:
        error = e
    findings = run_checks(settings, error)
    click.echo(render("doctor.txt.j2", findings=findings), nl=False)
    if not all(f.ok or f.skipped for f in findings):
        sys.exit(1)


if __name__ == "__main__":
    cli()
