from hypothesis import given, settings, strategies as st, event
import tests.domain.test_recurrence as t
from zoneinfo import ZoneInfo

@settings(max_examples=3000, deadline=None, database=None)
@given(series=t.series_strategy, data=st.data())
def test_stress(series, data):
    tz = ZoneInfo(series.timezone)
    moved = sum(1 for wall, i in t.reference(series) if series.local(i).replace(tzinfo=None) != wall)
    event(f"gap hits: {'yes' if moved else 'no'}")
    event(f"rule: {series.rrule.split(';')[0]} count={'COUNT' in series.rrule}")
    t.test_expansion_properties.hypothesis.inner_test(series, data)
