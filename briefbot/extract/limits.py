"""Every distance, count and rate the attribution rules decide by, named in one place.

Each value was checked on PolNeAR train and the seeds; a change here moves the dev figures in
the README, so measure (`benchmarks/attribution.py`) before and after.
"""

from __future__ import annotations

# -- cue lexicon (rates mined from PolNeAR train: how often a lemma was a cue) --------------
VERB_THRESHOLD = 0.2  # a learned verb counts as a cue
OBJECT_THRESHOLD = 0.3  # its direct object is what was said ("denied the report")
NOUN_THRESHOLD = 0.3  # a learned noun counts as a cue ("criticism of")
PERSON_VERB_THRESHOLD = 0.14  # a rarer verb, with a person-like subject and a complement

# -- the cue clause ------------------------------------------------------------------------
AFTER_QUOTE_SUBJECT_GAP = 4  # tokens between verb and subject in '"...," he said'
SUBJECT_SEARCH_DEPTH = 3  # how many heads up a subject is looked for
SUBJECT_CUE_CLIMB = 6  # how many heads up a participle looks for the cue it speaks for
CUE_CLAUSE_INVERTED_GAP = 3  # '"...," said Mr. Burman': tokens from verb to subject
CUE_CLAUSE_INVERTED_REACH = 25  # ... and to the end of the subject's phrase
CUE_CLAUSE_SUBJECT_REACH = 8  # 'Mr. Morgan said': tokens from the subject's start to the verb
CUE_CLAUSE_TAIL = 6  # adverbs and short adverbials after the verb ("said on Monday")
CUE_CLAUSE_MIN_LEFT = 3  # tokens of content before a trailing or parenthetical cue clause
PARENTHETICAL_MIN_LEFT = 3  # "The museum, Mr. Obama said, ...": words before the cue clause

# -- content -------------------------------------------------------------------------------
MIN_CONTENT_WORDS = 3  # a span right of the cue, or left of an "as X pointed out", below
# this says nothing

# -- quotes --------------------------------------------------------------------------------
SHORT_QUOTE_WORDS = 6  # quotes under this are phrases inside a clause, not statements
QUOTE_ADJACENT_CHARS = 4  # a quote this close to a clause's content belongs to it
SPLIT_QUOTE_GAP_CHARS = 80  # '"A," X said, "B."': the cue clause between the two parts
CUE_SENTENCE_CHARS = 200  # ... or a whole cue sentence ('"A," X told Y, calling for Z. "B."')
COLON_BEFORE_QUOTE_CHARS = 120  # 'He added: "..."': cue to quote
CUE_AFTER_QUOTE_CHARS = 40  # '"A." Hegseth said.' parsed as two sentences
DASH_SIGNATURE_WORDS = 8  # '"..." ― Carlos Raúl': the signature after the dash

# -- whole-line constructions ----------------------------------------------------------------
COLON_LABEL_MAX_CHARS = 40  # "PENCE: Well, ...": where the colon may stand in the line
COLON_LABEL_MAX_WORDS = 4
COLON_LINE_MIN_WORDS = 3  # words after the colon
HEADLINE_WORDS = (3, 25)  # a title-case headline's length
HEADLINE_CAPITALISED = 0.7  # share of capitalised words
HEADLINE_MAX_SUBJECT_WORDS = 6
HEADLINE_MIN_CONTENT_WORDS = 2
