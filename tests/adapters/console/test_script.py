"""The walkthrough scripts in scripts/, piped into a real ``python -m netgroups console`` process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).with_name("scripts")
START = "2026-03-02T09:00+01:00"

EXPECTED = {
    "foundation_en.txt": [
        # The proposal waits; approval makes Bo coordinator and is announced in #central.
        "Bo> /section create Shiatsu kind:profession",
        "  ✔ Thank you! Section shiatsu (Shiatsu) is proposed; a community admin will approve it, "
        "and then you become its coordinator.",
        "    • shiatsu — Shiatsu (proposed, waiting for approval)",
        "  ✔ Section shiatsu (Shiatsu) is approved and open.",
        "  New section: Shiatsu (shiatsu).",
        "  ✔ Section zonterapi-malmo (Zonterapi Malmö) is open, and you are its coordinator.",
        # Joining, listing, leaving.
        "@Cleo (only you)\n  ✔ You joined Shiatsu (shiatsu).",
        "    • shiatsu — Shiatsu (profession, 3 members)",
        "@Dan (only you)\n  ✔ You left Shiatsu (shiatsu).",
        # A second coordinator, and info typed in the section's own channel.
        "  ✔ Cleo now coordinates shiatsu.",
        "#shiatsu · message 10\n  Shiatsu (shiatsu)",
        "    Coordinators: Bo, Cleo",
        # Profiles and the directory.
        "  Your profile is hidden from the directory; show it with /profile set visible:yes.",
        "  Members matching “malmo” (1)\n"
        "    • Bo — Place: Malmö · Trade: Shiatsu therapist · Company: Hands AB · Does: Pressure points",
        "  Members matching “kobenhavn” (1)\n"
        "    • Cleo — Place: København · Trade: Reflexologist · Company: Fod og Sjæl ApS",
        "  Members matching “reflexologist” (1)\n    • Cleo — Place: København · Trade: Reflexologist",
        "  Members matching “shiatsu malmo” (1)\n    • Bo",
        "  Profile: Bo\n    Does: Pressure points",
        # Mistakes.
        "  ✖ I do not know “sectoin”. Did you mean /section list?",
        "  ✖ There is no section called “reiki”. See the list with /section list.",
        "  ✖ Please give the section. Usage: /section join <section>",
        "  ✖ “planet” is not a valid kind; choose one of: profession, region, theme.",
        "  ✖ “visible” must be yes or no, not “perhaps”.",
        "  ✖ Everyone stays in central; it cannot be left.",
        "  ✖ Only a coordinator of zonterapi-malmo may do that.",
        "  ✖ “tomorrow” is not a time",
    ],
    "foundation_sv.txt": [
        "  ✔ Tack! Sektionen shiatsu (Shiatsu) är föreslagen. När en administratör har godkänt den blir du dess "
        "samordnare.",
        "  Bo föreslår en ny sektion: Shiatsu (shiatsu).",
        "    • shiatsu — Shiatsu (föreslagen, väntar på godkännande)",
        "  ✔ Sektionen shiatsu (Shiatsu) är godkänd och öppen.",
        "  Ny sektion: Shiatsu (shiatsu).",
        "  ✔ Sektionen zonterapi-malmo (Zonterapi Malmö) är öppen, och du är dess samordnare.",
        "@Cleo (only you)\n  ✔ Du har gått med i Shiatsu (shiatsu).",
        "@Dan (only you)\n  ✔ Jag talar svenska med dig.",
        "    • shiatsu — Shiatsu (yrke, 3 medlemmar)",
        "@Dan (only you)\n  ✔ Du har lämnat Shiatsu (shiatsu).",
        "  ✔ Cleo är nu samordnare för shiatsu.",
        "#shiatsu · message 10\n  Shiatsu (shiatsu)",
        "    Samordnare: Bo, Cleo",
        "  Din profil är dold i medlemskatalogen; visa den med /profile set visible:yes.",
        "  Medlemmar som matchar ”malmo” (1)\n"
        "    • Bo — Ort: Malmö · Yrke: Massör · Företag: Händer AB · Gör: Klassisk massage",
        "  Medlemmar som matchar ”zonterapeut” (1)\n"
        "    • Cleo — Ort: Lund · Yrke: Zonterapeut · Företag: – · Gör: Fötter",
        "  Profil: Bo\n    Gör: Klassisk massage",
        "  ✖ Jag känner inte till ”sectoin”. Menade du /section list?",
        "  ✖ Det finns ingen sektion som heter ”reiki”. Se listan med /section list.",
        "  ✖ Fyll i fältet section. Så här skriver du: /section join <section>",
        "  ✖ Fältet visible måste vara ja eller nej, inte ”kanske”.",
        "  ✖ Alla är med i central; den går inte att lämna.",
        "  ✖ Bara en samordnare för zonterapi-malmo får göra det.",
        "  ✖ ”imorgon” är ingen tidpunkt",
    ],
}


@pytest.mark.e2e
@pytest.mark.parametrize("script", sorted(EXPECTED))
def test_walkthrough_script(tmp_path: Path, script: str) -> None:
    """A whole walkthrough runs in a real console process, exits 0 and prints the expected replies."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("NETGROUPS_")}
    with (SCRIPTS / script).open(encoding="utf-8") as stdin:
        result = subprocess.run(
            [sys.executable, "-m", "netgroups", "console", "--db", str(tmp_path / "netgroups.db"), "--clock", START],
            stdin=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=tmp_path,
            env={**environment, "PYTHONIOENCODING": "utf-8"},
            timeout=60,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "ERROR" not in result.stderr
    assert "something went wrong" not in result.stdout
    assert "Förlåt" not in result.stdout
    missing = [line for line in EXPECTED[script] if line not in result.stdout]
    assert not missing, result.stdout
