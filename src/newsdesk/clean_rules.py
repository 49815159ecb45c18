"""Rule families of the cleaner: photo credits and captions inside a line, and the
whole-line regex families (social embeds, share widgets, navigation, subscribe prompts,
credits, related links).

Kept apart from ``clean.py`` so the cleaner's passes read as one short module and the
rule tables can grow without it; ``clean.py`` is the only user.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .clean import CleanConfig

# --- Credits and captions inside a line (step 3) ------------------------------------------

# Agency and platform names whose spelling breaks the "capital then lower-case" shape used
# to find where a glued credit ends (``TikTok``, ``iStock``).
_ODD_NAMES = (
    "TikTok|YouTube|LinkedIn|iStockphoto|iStock|WireImage|FilmMagic|GettyImages|NurPhoto|"
    "LightRocket|PacificCoastNews|BauerGriffin|SnapChat|eyevine|dpa"
)
# One word of a credit name. Lower-case after upper-case ends the word, so in
# "InstagramThe actor…" the name is "Instagram" and "The actor…" is the next sentence.
_CTOK = rf"(?:{_ODD_NAMES}|@[\w.]+|(?:Mc|Mac|O['’])?[A-Z][A-Z0-9&'’.-]*[a-z0-9'’.-]*)"
_CSEP = r"(?:\s?/\s?|\s(?:for|via|and|of|de|van|von|the|&|-|–|\|)\s|,\s|\s)"
_CNAME = rf"{_CTOK}(?:(?:{_CSEP}){_CTOK}|\s?/\s?@?[a-z][\w.]*){{0,8}}"
_CKEY = (
    r"(?:(?:Photo|Image|Picture|Video|PHOTO|IMAGE)\s?(?:[Cc]redits?|CREDITS?)|Credits?|CREDITS?"
    r"|Photos?|PHOTOS?|Images?|IMAGE|Pictures?|PICTURE|Pics?|Photograph)\s?:\s?"
)
_PLATFORM = (
    r"(?:instagram|tiktok|facebook|twitter|x|youtube|threads|pinterest|snapchat|linkedin|"
    r"bluesky|tumblr|vimeo|reddit|spotify|soundcloud|apple music|apple podcasts|giphy)"
)
# Picture agencies, whose name alone on a line is a credit; news agencies, which also sign
# stories ("DUNMORE (AP) —"), so they count as a credit only with "Photo" or a photographer.
_PHOTO_AGENCIES = (
    r"getty images|getty|shutterstock|alamy(?: live news| stock photo)?|istock(?:photo)?"
    r"|wireimage|filmmagic|backgrid|splash(?: news)?|rex(?:/shutterstock)?|nurphoto|sopa images"
    r"|lightrocket|mega|zuma(?: press| wire)?|wenn|eyevine|imago|unsplash|pexels|handout"
)
_NEWS_AGENCIES = (
    r"ap|afp|reuters|epa(?:-efe)?|pa(?: wire| images| media)?|upi|dpa|anadolu(?: agency)?"
    r"|xinhua|swns|bloomberg"
)
_AGENCY = rf"(?i:{_PHOTO_AGENCIES}|{_NEWS_AGENCIES}|{_PLATFORM})"
# Every inline pattern starts at its key (a fixed word or "("), so the regex engine can skip
# ahead by first character instead of trying a lookbehind at every position; what precedes
# the key is checked in Python.
# Glued: "…backstageCredit: InstagramThe actor…" - a lower-case letter or punctuation right
# before the key; the name ends at a camel-case join, the end, or a new capitalised sentence.
_CREDIT_GLUED_RE = re.compile(rf"{_CKEY}{_CNAME}(?=\s*$|\s*[A-Z0-9“\"‘(\[])")
# Spaced or at line start: "…backstage Credit: Getty Images". The name runs to the end of
# the line or to a glued capital; or it ends in a known agency. "Image: A Life premieres…"
# could be a title in a sentence, so a spaced key with words after it is not enough.
_CREDIT_SPACED_RE = re.compile(
    rf"{_CKEY}{_CNAME}(?=\s*$|[A-Z“\"‘(\[])"
    rf"|{_CKEY}(?:{_CNAME}(?:{_CSEP}))?{_AGENCY}(?=\s*$|\s*[A-Z“\"‘(\[])"
)
_CKEY_END_RE = re.compile(_CKEY.removesuffix(r"\s?:\s?") + r"\s?:")
_GLUE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.!?,;)]”\"’'")
# Parenthesised credits are never reporting: "(Photo by Rich Fury/Getty Images for …)". A
# bare "(AP)" is a dateline, not a credit, so news agencies need "Photo" or a photographer.
_PAREN_CREDIT_RE = re.compile(
    r"\((?:(?i:(?:photo(?:graph)?|image|picture|pic|video)s?(?: credits?)?\s*"
    r"(?::|by\b|courtesy of\b|via\b)|credits?\s*:|courtesy of\b|©))[^()\n]{1,120}\)"
    rf"|\((?:[^()\n]{{0,60}}/\s?)?(?i:{_PHOTO_AGENCIES}|(?:{_NEWS_AGENCIES}) photos?)"
    rf"(?:\s?/\s?[^()\n]{{1,60}}|\s(?:for|via)\s[^()\n]{{1,60}})?\)"
    rf"|\([^()\n]{{1,60}}/\s?{_AGENCY}\)"
)
# Ad markers glued between sentences by extraction: "…on Monday.ADVERTISEMENTThe…".
_AD_INLINE_RE = re.compile(r"ADVERTISEMENT(?=\s*(?:[A-Z“\"‘]|$))")
_CLOSERS = "\"'”’»)]}*"
_TERMINAL = frozenset(".!?…")
# Sentence boundary inside a segment: captions are a single sentence fragment.
_SENT_BOUNDARY_RE = re.compile(r"[.!?…][”\"’')\]]*\s+[A-Z“\"‘]|(?<=[a-z]{2})[.!?](?=[A-Z][a-z])")


def _ends_terminal(text: str) -> bool:
    core = text.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _TERMINAL


def _sentence_case(text: str) -> bool:
    """A sentence fragment, not a title: 3+ words, some lower-case content word, no lead-in
    punctuation at the end ("…told fans:") and no opening quote."""
    words = text.split()
    return (
        len(words) >= 3
        and text[-1].isalnum()
        and text[0] not in "“\"‘'"
        and any(len(w) > 3 and w[0].islower() for w in words[1:])
    )


def _is_caption(text: str, cfg: CleanConfig) -> bool:
    """A caption: one short sentence fragment without terminal punctuation (not a byline)."""
    if not text or _ends_terminal(text) or len(text.split()) > cfg.caption_max_words:
        return False
    if text[:3].lower() == "by " or not (text[0].isupper() or text[0] in "“\"‘'0123456789"):
        return False
    return not _SENT_BOUNDARY_RE.search(text)


# --- Line rule families (step 4) ----------------------------------------------------------

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?"
_DATE = rf"{_MONTH} \d{{1,2}},? \d{{4}}"
# A person or account name as embeds print it: capitalised words, handles, small particles.
_PNAME = (
    r"(?-i:(?:[A-Z0-9@][^\s()]*|de|van|von|da|del|la|le|of|the|and|&|x)"
    r"(?: (?:[A-Z0-9@&][^\s()]*|de|van|von|da|del|la|le|of|the|and|x)){0,7})"
)
_SIGN_UP = (
    r"(?:sign up|subscribe|register|opt in)(?: now| today| here| free)?(?: for| to) .{0,120}"
    r"\b(?:newsletters?|inbox|e-?mails?|alerts?|updates|briefing|digest)\b.{0,120}"
)
_SITE_LINK = (
    r"(?:privacy policy|terms of (?:service|use)|cookie (?:policy|settings)|contact us|about us"
    r"|sitemap|advertise(?: with us)?)"
)
_SHARE_WORD = (
    r"(?:share|tweet|pin(?: it)?|e-?mail|print|copy link|link copied|copied|save|comments?|sms|"
    r"whatsapp|facebook|twitter|x|linkedin|pinterest|telegram|messenger|flipboard|reddit|mail|"
    r"threads|bluesky|tumblr|mastodon|print this page|text size|gift article)"
)

# Each family: (reason, pattern). The whole (normalised) line must match, case-insensitively.
_LINE_RULES: tuple[tuple[str, str], ...] = (
    # Social embeds: what extraction leaves of an embedded post - the platform's call to
    # action, the "shared by" attribution, tweet footers and media links. The name in
    # "A post shared by" must look like a name, so "A post shared by the ministry showed…"
    # (reporting) does not match.
    (
        "social-embed",
        rf"(?:view|see|watch|open) (?:this |the |more |full )?(?:post|photo|video"
        rf"|reel|profile|tweet|thread|story|clip|image)s? (?:on|in) {_PLATFORM}",
    ),
    ("social-embed", rf"(?:watch|view|see|open|listen)(?: it| this| more)? on {_PLATFORM}"),
    (
        "social-embed",
        rf"an? (?:post|photo|video|reel|carousel) shared by {_PNAME}"
        rf"(?: \(@[\w.]{{1,30}}\))?(?: on {_DATE}(?: at \d{{1,2}}:\d{{2}} ?[ap]m"
        r"(?: [a-z]{2,4})?)?)?",
    ),
    (
        "social-embed",
        rf"(?:embedded|embed) (?:tweet|post|video|content|media|{_PLATFORM}"
        rf"(?: post| video)?)|embed from getty images|(?:load|view) (?:tweet|embed)"
        rf"|click to load(?: {_PLATFORM})?(?: content| video| post)?"
        rf"|(?:tweets|posts|videos) by @[\w.]{{1,30}}|@[\w.]{{2,30}}",
    ),
    ("social-embed", r"(?:tiktok|instagram|youtube) video from .{1,250}|♬ .{1,150}"),
    (
        "social-embed",
        r"this content is (?:imported|provided|hosted|created and maintained)"
        r" (?:from|by) [^.]{1,60}\.(?: you may be able to .{1,250})?",
    ),
    # Share widgets: share calls to action, rows of platform/action words, counters.
    (
        "share-widget",
        r"share (?:this|the) (?:story|article|post|page|video|gallery|link)"
        r"(?:,? (?:choose your platform|on|via|with)\b.{0,40})?[!.:]?",
    ),
    (
        "share-widget",
        rf"share (?:on|via|to|with|by) (?:{_PLATFORM}|e-?mail|whatsapp|messenger"
        r"|sms|text|telegram|copy link)(?: ?\(opens in new window\))?[.:]?",
    ),
    (
        "share-widget",
        r"click to (?:share|email|print|copy)\b[^.!?]{0,60}"
        r"(?: ?\(opens in new window\))?",
    ),
    (
        "share-widget",
        r"(?:share(?: this| article)?|tweet|pin(?: it)?|e-?mail"
        r"|print(?: this page)?|copy link|link copied|copied!?|save(?: article)?"
        r"|gift article|comments?):?",
    ),
    ("share-widget", rf"{_SHARE_WORD}(?:[\s|•·,/:]+{_SHARE_WORD})+"),
    (
        "share-widget",
        r"\d[\d,.]*k? (?:comments?|shares?|responses|replies|reactions)"
        r"|comments? ?\(\d+\)|(?:view|show|read|see|load|leave|post|add|join)"
        r"(?: all| the| a| your)?(?: \d+)? (?:comments?|conversation|discussion)"
        r"|(?:there are )?no comments(?: yet)?|be the first to comment[.!]?",
    ),
    (
        "share-widget",
        r"listen to (?:this )?(?:article|story)(?: \d{1,2}:\d{2})?"
        r"|\d{1,2} min(?:ute)?s? (?:read|listen)|reading time:? \d{1,2} min(?:ute)?s?"
        r"|(?:text|font) size",
    ),
    (
        "share-widget",
        rf"(?:for more [^.!?]{{1,40}}, )?(?:follow|like) (?:us|me|@[\w.]+)"
        rf"(?: on {_PLATFORM}"
        rf"(?:(?:,| and| or) {_PLATFORM})*)?[.!]?|like this:?|like loading\.\.\.",
    ),
    # Navigation: jump links, previous/next, breadcrumbs, tag lists.
    (
        "navigation",
        r"(?:go|back|return|scroll|jump|skip) (?:back )?to (?:the )?top(?: of (?:the )?"
        r"page)?[ ↑^]*|↑ ?top|top ↑",
    ),
    (
        "navigation",
        r"skip to (?:the )?(?:main )?(?:content|navigation|article|menu|search"
        r"|footer)",
    ),
    (
        "navigation",
        r"(?:previous|next|prev|older|newer) (?:article|post|story|page|entry|slide)s?"
        r"(?: ?[:»›>] ?.{0,120})?|[«‹<] ?(?:previous|prev)|next ?[»›>]",
    ),
    (
        "navigation",
        r"(?:tags?|tagged(?: with| in| as)?|topics?|filed under|categories|category"
        r"|posted in|keywords|related topics) ?: ?[^,|•·;.!?\n]{1,50}"
        r"(?: ?[,|•·;] ?[^,|•·;.!?\n]{1,50}){0,30}",
    ),
    ("navigation", rf"{_SITE_LINK}(?: ?[|•·] ?{_SITE_LINK})*"),
    # Cookie banners.
    (
        "navigation",
        r"(?:we|this (?:web)?site) uses? cookies\b.{0,300}|(?:accept|reject|manage)"
        r" (?:all )?cookies|cookie (?:settings|preferences)",
    ),
    (
        "navigation",
        r"(?:home|news)(?: ?[»›>/|] ?[^»›>/|\n]{1,40}){1,6}|you are here:?.{0,150}"
        r"|(?:main |open |close )?menu|toggle navigation|search|close|sections",
    ),
    # Subscribe: newsletter and paywall prompts, ad markers, syndication lines. Each is an
    # imperative or a fixed phrase, so "Subscribers to the service will pay $5 more." does
    # not match (and long lines are never checked).
    ("subscribe", _SIGN_UP),
    (
        "subscribe",
        r"subscribe(?: now| today| here| for free| free)?(?: (?:to|for) [^.!?]{1,80})?"
        r"(?:[.!] [^.!?]{1,40})?[.!]?",
    ),
    (
        "subscribe",
        r"(?:get|receive|have|stay|keep up|never miss|don'?t miss|be the first|want)"
        r"\b.{0,150}(?:(?:delivered|sent|straight|direct) (?:straight |directly )?"
        r"(?:to|into) your inbox|in your inbox|our newsletter)\b.{0,80}",
    ),
    (
        "subscribe",
        r"already (?:a |an )?(?:subscriber|member|registered|have an account)\??"
        r"(?: ?(?:please )?(?:log|sign) ?in(?: here)?[.!]?)?",
    ),
    (
        "subscribe",
        r"(?:log|sign) ?in(?: here| now)?(?: (?:or|/) (?:register|subscribe|sign up"
        r"|create an account))?(?: to (?:continue|read|comment|keep reading)"
        r"[^.!?]{0,60})?[.!]?",
    ),
    (
        "subscribe",
        r"advertisements?|advertisment|ads?|sponsored(?: content| post)?"
        r"|promoted(?: content)?|paid (?:content|post|partnership)"
        r"|(?:story|article|text|content) continues (?:below|after)"
        r"(?: (?:this )?(?:advertisement|ad))?"
        r"|continue reading(?: below| the (?:main )?story| after (?:the )?"
        r"(?:ad|advertisement))?|advertisement ?[-–—:]? ?(?:scroll|continue)"
        r"(?: down)? to (?:continue|read)(?: with content)?"
        r"|scroll (?:down )?to continue(?: reading| with content)?",
    ),
    (
        "subscribe",
        r"(?:this|the) (?:article|story|post|piece|report|content|column)(?: was)?"
        r" (?:originally|first) (?:appeared|published|ran|posted)\b.{0,200}"
        r"|(?:originally|first) (?:published|appeared|posted)"
        rf" (?:(?:on|in|at|by)\b.{{0,200}}|{_DATE})"
        r"|(?:this|the) (?:article|story|report) (?:is|was|has been) (?:republished"
        r"|distributed|provided|supplied|syndicated) (?:from|by|through)\b.{0,200}",
    ),
    (
        "subscribe",
        r"(?:by (?:signing up|subscribing|clicking|entering|submitting)|by providing"
        r" your email)\b.{0,300}\b(?:agree|terms|privacy|consent)\b.{0,200}"
        r"|thanks? (?:you )?for (?:signing up|subscribing|registering)\b.{0,150}"
        r"|(?:enter )?your email(?: address)?(?: here)? ?[:*]?|email address ?[:*]?",
    ),
    (
        "subscribe",
        r"(?:support|fund|power) (?:our|independent|local|quality|trusted) journalism"
        r"\b.{0,150}|become a (?:member|subscriber|supporter|patron)\b.{0,120}"
        r"|click here to (?:subscribe|sign up|register|join|download)\b.{0,100}"
        r"|(?:start|begin) your free trial\b.{0,100}|get (?:unlimited|full|digital|all)"
        r" access\b.{0,120}|you(?:'ve|’ve| have) (?:\d+|one|two|three) free (?:articles?"
        r"|stories) (?:left|remaining)\b.{0,100}|unlock (?:this|more|unlimited|all)"
        r" (?:article|story|access|stories)\b.{0,100}",
    ),
    # Standalone photo credits; _credit_ok then checks the name part reads like a name.
    (
        "photo-credit",
        r"\(?(?:(?:main |top |header |featured |lead |cover )?(?:photo(?:graph)?"
        r"|image|picture|pic|video|illustration|artwork)s?(?: illustration)?"
        r"(?: credits?| courtesy| source)?|credits?|courtesy|photographer"
        r"|photography)\s?(?::|-|–|—|\bby\b|\bof\b|\bvia\b|\bcourtesy of\b)"
        r"\s?[^\n]{1,120}?\)?\.?",
    ),
    ("photo-credit", r"\(?(?:©|\(c\)|copyright) ?(?:\d{4} ?)?[^\n]{1,80}"),
    (
        "photo-credit",
        rf"\(?(?:{_PHOTO_AGENCIES}|(?:{_NEWS_AGENCIES}) (?:photos?|images"
        r"|pictures))(?: (?:for|via) [^()\n]{1,60})?\)?",
    ),
    # A single related link: "Read more: Headline of another story".
    (
        "related-tail",
        r"(?:related|read more|read next|more|see also|also read|recommended"
        r"|read|watch next|must read|don'?t miss) ?[:|»] ?.{3,200}",
    ),
)
_LINE_RE = re.compile(
    "|".join(f"(?P<r{i}>{pat})" for i, (_, pat) in enumerate(_LINE_RULES)), re.IGNORECASE
)
_RULE_REASON = {f"r{i}": reason for i, (reason, _) in enumerate(_LINE_RULES)}
_GUARDED = frozenset({"subscribe", "share-widget", "navigation", "related-tail"})
# Rules that cannot start from a fixed word, so they would scan every line inside the
# alternation; each runs only on lines holding its marker ("(@", "/", "pic.twitter.com").
# A tweet's footer ends the embedded tweet: "…text — Jane Roe (@janeroe) May 3, 2022".
_TWEET_FOOTER_RE = re.compile(
    rf"[—–-]{{1,2}} ?[^()\n]{{1,60}} \(@\w{{1,15}}\) {_DATE}\s*$", re.IGNORECASE
)
# "Rich Fury/Getty Images for The Recording Academy", "REUTERS/Jane Doe", "Instagram/@x".
_AGENCY_SLASH_RE = re.compile(
    rf"\(?[^()\n/]{{0,60}} ?/ ?{_AGENCY}(?: (?:for|via) [^()\n]{{1,60}})?\)?"
    rf"|\(?{_AGENCY}(?: photos?| images?| pictures| creative)? ?/ ?@?[^()\n]{{1,60}}\)?",
    re.IGNORECASE,
)
# "The Morning Brief: sign up for our newsletter…": a lead-in before the imperative. Scanning
# for the lead-in costs on every line, so only lines that hold the verb are tried.
_SIGN_UP_HINT_RE = re.compile(r"\b(?:sign up|subscribe|register|opt in)\b", re.IGNORECASE)
_SIGN_UP_LEADIN_RE = re.compile(rf"[^.!?:\n]{{1,60}}[:.!—–-] {_SIGN_UP}", re.IGNORECASE)
# Embed markers that may sit in a long line: the tweet text and its media link are one embed.
_PIC_TWITTER_RE = re.compile(r"\bpic\.twitter\.com/\w+")

# Words a credit line may contain besides names.
_CREDIT_WORDS_TEXT = (
    "photo photos photograph image images picture pictures pic video illustration credit "
    "credits courtesy by of via for on the and at in de van von der la le da di del from main "
    "top source copyright all rights reserved news wire press agency stock photography creative "
    "commons handout supplied file artwork header featured lead cover"
)
_CREDIT_WORDS = frozenset(_CREDIT_WORDS_TEXT.split())


def _credit_ok(text: str) -> bool:
    """A credit names people or agencies: few words, almost none of them lower-case prose."""
    words = text.strip("()[]. ").split()
    if not words or len(words) > 16:
        return False
    prose = [w for w in words if w[:1].islower() and w.strip(",;:").lower() not in _CREDIT_WORDS]
    # A sentence ends on a lower-case word and a full stop; a name does not.
    return len(prose) <= 2 and not (text.endswith(".") and words[-1] in prose)


def _related_line_ok(text: str) -> bool:
    # The link text after "Read more:" is a headline, not a sentence of reporting.
    rest = re.split(r"[:|»]", text, maxsplit=1)[-1].strip()
    return len(rest.split()) <= 25 and not (rest.endswith(".") and not rest.endswith("..."))
