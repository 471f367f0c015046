"""The container page's per-request block reads the committed full benchmark: each compared stack's
figures as make bench recorded them, and container's share of production's requests/s."""

from course import bench_stacks, container_page


def test_per_request_block_shows_what_latest_json_recorded():
    stacks = bench_stacks.by_name()
    shown = container_page.per_request_table()
    for name in container_page.COMPARED:
        for level in stacks[name]["levels"]:
            assert f"| `{name}` | {level['connections']} | {level['rps']:,.0f} | {level['p99_ms']:.2f} |" in shown
    first = stacks["container"]["levels"][0]
    share = first["rps"] / next(
        lv["rps"] for lv in stacks["production"]["levels"] if lv["connections"] == first["connections"]
    )
    assert f"{share:.2f} at {first['connections']} connections" in shown
