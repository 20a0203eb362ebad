"""A scripted user for the assistant: send text, press buttons by their label, read the replies."""

from __future__ import annotations

from bot.assistant import Assistant, Reply
from bot.engine import Button, Command, Event, Press, Text


class Chat:
    """One user talking to an assistant, remembering the buttons last shown."""

    def __init__(self, assistant: Assistant, user_id: int) -> None:
        self.assistant = assistant
        self.user_id = user_id
        self.buttons: list[Button] = []
        self.last: Reply = Reply([])

    async def send(self, event: Event) -> str:
        self.last = await self.assistant.handle(self.user_id, event)
        shown = [b for m in self.last.messages for row in m.buttons for b in row]
        if shown:
            self.buttons = shown
        return self.text

    @property
    def text(self) -> str:
        return "\n".join(m.text for m in self.last.messages)

    async def say(self, text: str) -> str:
        return await self.send(Text(text))

    async def command(self, name: str, args: str = "") -> str:
        return await self.send(Command(name, args))

    def button(self, label: str) -> Button:
        matches = [b for b in self.buttons if label in b.label]
        assert matches, f"no button {label!r} among {[b.label for b in self.buttons]}"
        return matches[0]

    async def press(self, label: str) -> str:
        return await self.send(Press(self.button(label).action))
