"""Scenario equivalence: `pushlane.Machine` driven with the inputs of each golden trace in
examples/scenarios/*.jsonl (the host's answers, timers and effect results included) emits
exactly that trace's effects and events, in order. A `restart` builds a new Machine from
`persisted()`, as the simulator reopens the same SQLite store."""

import json
import tomllib
import unittest

import pushlane
from support import SCENARIOS, dumps, to_toml


def replay(scenario_toml, trace_lines):
    """The trace the machine produces for the inputs of `trace_lines`."""
    with open(scenario_toml, "rb") as f:
        scenario = tomllib.load(f)
    config = to_toml(scenario.get("config", {}))
    device = dumps(scenario["device"])
    machine = pushlane.Machine(config, device, None)
    produced = []
    for line in trace_lines:
        if line["kind"] != "input":
            continue
        produced.append(line)
        if line["type"] == "restart":
            machine = pushlane.Machine(config, device, machine.persisted())
            continue
        at_ms = line["at_ms"]
        input = {k: v for k, v in line.items() if k not in ("at_ms", "kind")}
        for output in machine.handle(at_ms, dumps(input)):
            produced.append({"at_ms": at_ms, **json.loads(output)})
    return produced


class ScenarioEquivalence(unittest.TestCase):
    """One test per golden trace (test_01_xiaomi_china_edition, …)."""

    def check(self, trace):
        expected = [json.loads(l) for l in trace.read_text().splitlines() if l.strip()]
        produced = replay(trace.with_suffix(".toml"), expected)
        # Compared as compact JSON: the same items, in the same order, with the same key order.
        self.assertEqual(
            [dumps(p) for p in produced],
            [dumps(e) for e in expected],
            f"{trace.name}: the Machine's effects and events differ from the trace",
        )

    def test_the_golden_traces_are_there(self):
        self.assertGreaterEqual(len(TRACES), 16, f"no golden traces found in {SCENARIOS}")


TRACES = sorted(SCENARIOS.glob("*.jsonl"))
for _trace in TRACES:
    _name = "test_" + _trace.stem.replace("-", "_")
    setattr(ScenarioEquivalence, _name, lambda self, trace=_trace: self.check(trace))


if __name__ == "__main__":
    unittest.main()
