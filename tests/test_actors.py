from briefbot.actors import ActorRegistry, KnownActor
from briefbot.models import Actor, Extraction, Statement


def stmt(speaker):
    return Statement(speaker=speaker, speaker_start=0, speaker_end=1, cue="said", cue_start=2,
                     cue_end=6, content_start=7, content_end=9, quote="xx", kind="indirect",
                     confidence=0.9)


def ext(*names, speaker=None):
    return Extraction(statements=[stmt(speaker)] if speaker else [],
                      actors=[Actor(name=n, aliases=(n.split()[-1],)) for n in names])


def test_transliteration_variants_become_one_name():
    reg = ActorRegistry()
    reg.resolve(ext("Volodymyr Zelensky"))
    out = reg.resolve(ext("Volodymyr Zelenskyy", speaker="Volodymyr Zelenskyy"))
    assert out.statements[0].speaker == "Volodymyr Zelensky"
    assert "Volodymyr Zelenskyy" in out.actors[0].aliases


def test_same_surname_different_people_stay_apart():
    reg = ActorRegistry()
    reg.resolve(ext("Donald Trump"))
    out = reg.resolve(ext("Ivanka Trump", speaker="Ivanka Trump"))
    assert out.statements[0].speaker == "Ivanka Trump"
    assert {k.name for k in reg.lookup("Trump")} == {"Donald Trump", "Ivanka Trump"}


def test_bare_surname_joins_known_full_name_and_roles_are_kept():
    reg = ActorRegistry([KnownActor(7, "Mark Rutte", "person", "NATO Secretary-General", ())])
    out = reg.resolve(ext("Rutte", speaker="Rutte"))
    assert out.statements[0].speaker == "Mark Rutte"
    # the article gave no role: the extraction says so (the store dates each role it was given)
    assert out.actors[0].role is None
    assert reg.lookup("rutte")[0].id == 7
    assert reg.lookup("rutte")[0].role == "NATO Secretary-General"


def test_lookup_by_alias_is_case_insensitive_and_best_first():
    reg = ActorRegistry([KnownActor(1, "Donald Trump", "person", None, ("President Trump",)),
                         KnownActor(2, "Ivanka Trump", "person", None, ())])
    assert reg.lookup("president trump")[0].name == "Donald Trump"
    assert reg.lookup("Ivanka Trump")[0].id == 2
    assert reg.lookup("nobody") == []


def test_orgs_match_exactly_not_people():
    reg = ActorRegistry()
    reg.resolve(Extraction(actors=[Actor(name="NATO", kind="org")]))
    nato = Actor(name="NATO", kind="org")
    out = reg.resolve(Extraction(statements=[stmt("NATO")], actors=[nato]))
    assert out.statements[0].speaker == "NATO"
    assert len(reg.lookup("NATO")) == 1
