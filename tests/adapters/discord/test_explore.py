import json
import pytest
from tests.adapters.discord.conftest import DiscordWorld

pytestmark = pytest.mark.e2e


async def test_explore(discord_world: DiscordWorld) -> None:
    w = discord_world
    await w.command("section create", {"name": "Shiatsu"}, user=w.alice)
    await w.command("section approve", {"section": "shiatsu"}, user=w.admin)
    await w.command("section join", {"section": "shiatsu"}, user=w.bob)
    shiatsu = w.channel_of("shiatsu")
    a = await w.command("meeting schedule", {"rule": "every 2 weeks tue", "time": "18:00", "duration": "90", "place": "Folkets hus"}, user=w.alice, channel=shiatsu)
    print(a.text, a.flags)
    await w.run()
    for m in w.standin.messages_in(shiatsu):
        print(json.dumps(m, indent=1, ensure_ascii=False)[:3000])
    print(w.clock.now())
