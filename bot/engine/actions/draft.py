"""Buttons bound to the active draft (`d:<draft id>:<code>[:arg…]`)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.actions.codec import Action, action


@action
@dataclass(frozen=True)
class Overview(Action):
    """Show the outline with each part's state."""

    code = "ov"


@action
@dataclass(frozen=True)
class ShowPreview(Action):
    """Show the document in the chat."""

    code = "pv"


@action
@dataclass(frozen=True)
class Download(Action):
    """Send the files, listing the gaps first."""

    code = "dw"


@action
@dataclass(frozen=True)
class DownloadAnyway(Action):
    """Send the files with their gaps."""

    code = "dwf"


@action
@dataclass(frozen=True)
class GoToFact(Action):
    """Ask a title fact again (from the gap list)."""

    code = "gq"
    node: str


@action
@dataclass(frozen=True)
class Jump(Action):
    """Go to a part of the outline."""

    code = "jp"
    part: int


@action
@dataclass(frozen=True)
class Skip(Action):
    """Skip the current node."""

    code = "sk"
    node: str


@action
@dataclass(frozen=True)
class Back(Action):
    """Go back one node."""

    code = "bk"
    node: str


@action
@dataclass(frozen=True)
class Done(Action):
    """Finish the current node."""

    code = "dn"
    node: str


@action
@dataclass(frozen=True)
class Year(Action):
    """Answer the year question."""

    code = "yr"
    year: int


@action
@dataclass(frozen=True)
class ListItems(Action):
    """Show a node's items with edit and delete buttons."""

    code = "ls"
    node: str


@action
@dataclass(frozen=True)
class EditItem(Action):
    """Ask for an item's new text."""

    code = "ed"
    node: str
    item: int


@action
@dataclass(frozen=True)
class KeepItem(Action):
    """Give up the edit under way: the item stays as it was."""

    code = "ke"


@action
@dataclass(frozen=True)
class RemoveItem(Action):
    """Delete an item."""

    code = "rm"
    node: str
    item: int


@action
@dataclass(frozen=True)
class DropItem(Action):
    """Delete an item that a newer one says again or corrects, and ask on."""

    code = "dr"
    node: str
    item: int


@action
@dataclass(frozen=True)
class PickWording(Action):
    """Replace the user's answer with an offered bank wording."""

    code = "pk"
    nonce: int
    index: int


@action
@dataclass(frozen=True)
class KeepOwn(Action):
    """Keep the user's own words."""

    code = "own"
    nonce: int


@action
@dataclass(frozen=True)
class KeepAsTyped(Action):
    """Keep an item unpolished (保留原话): the document writes it as it stands."""

    code = "raw"
    item: int


@action
@dataclass(frozen=True)
class MoreWordings(Action):
    """Show the next page of offered wordings."""

    code = "more"
    nonce: int


@action
@dataclass(frozen=True)
class LeaveGap(Action):
    """Leave a gap for later."""

    code = "gs"
    nonce: int


@action
@dataclass(frozen=True)
class TakeOffer(Action):
    """Answer a fact with the wording it offers (the year's guiding line)."""

    code = "ol"
    node: str


@action
@dataclass(frozen=True)
class TakeChip(Action):
    """Add a quick-pick chip's wording."""

    code = "qp"
    node: str
    index: int


@action
@dataclass(frozen=True)
class ToggleProblem(Action):
    """Choose or unchoose a stock problem."""

    code = "pt"
    pair: int


@action
@dataclass(frozen=True)
class AdoptPlan(Action):
    """Take the proposed measure of a chosen problem (alternative `alt`)."""

    code = "pa"
    pair: int
    alt: int


@action
@dataclass(frozen=True)
class SwapPlan(Action):
    """Show another proposed measure of a chosen problem."""

    code = "ps"
    pair: int
    alt: int


@action
@dataclass(frozen=True)
class DropPlan(Action):
    """Turn down the proposed measure of a chosen problem."""

    code = "pd"
    pair: int


@action
@dataclass(frozen=True)
class AdoptAll(Action):
    """Take every proposed measure."""

    code = "paa"


@action
@dataclass(frozen=True)
class MoveUp(Action):
    """Move an item one place up."""

    code = "up"
    node: str
    item: int


@action
@dataclass(frozen=True)
class Merge(Action):
    """Merge two near-duplicate items into the first."""

    code = "mg"
    node: str
    first: int
    second: int


@action
@dataclass(frozen=True)
class Review(Action):
    """Show every item with edit, delete and move buttons."""

    code = "rv"


@action
@dataclass(frozen=True)
class FillGap(Action):
    """Ask for the number of an item's gap (from the gap list)."""

    code = "gf"
    item: int


@action
@dataclass(frozen=True)
class DropGap(Action):
    """Remove the clause holding the pending gap (the user did not do it), or the item when it is all."""

    code = "gx"
    nonce: int


@action
@dataclass(frozen=True)
class GapAsItem(Action):
    """Keep what was typed at a gap prompt as a new item."""

    code = "gi"
    nonce: int


@action
@dataclass(frozen=True)
class ReviewPage(Action):
    """Show one page of the review."""

    code = "rvp"
    page: int


@action
@dataclass(frozen=True)
class ReviewEdit(Action):
    """Ask for an item's new text, then return to the review page."""

    code = "red"
    node: str
    item: int
    page: int


@action
@dataclass(frozen=True)
class ReviewRemove(Action):
    """Delete an item and return to the review page."""

    code = "rrm"
    node: str
    item: int
    page: int


@action
@dataclass(frozen=True)
class Choose(Action):
    """Answer a fact with one of its offered choices."""

    code = "ch"
    node: str
    index: int


@action
@dataclass(frozen=True)
class TakeStock(Action):
    """Add one of the genre's stock answers (a cause) as an item."""

    code = "st"
    node: str
    index: int


@action
@dataclass(frozen=True)
class UseHeadings(Action):
    """Use another parallel set of sub-topic headings."""

    code = "hs"
    index: int


@action
@dataclass(frozen=True)
class OpenFollowUp(Action):
    """Open an optional follow-up question (a result, the causes …) that the flow does not ask in turn."""

    code = "fu"
    node: str
