"""Benchmark variants: declared in settings.toml, added beside their stack, reported as a ratio."""

from benchmarks.matrix import settings, table, variants
from stacks.runner import manifest, overlay


def test_every_variant_overlays_only_templates_of_its_stack():
    declared = settings.load(quick=True).variants
    assert "production-metrics-off" in declared
    for variant in declared.values():
        stack = manifest.find(variant.stack)
        chosen = overlay.sources(stack.templates, stack.folder, variant.overlay)  # raises on a stray file
        assert any(source.is_relative_to(variant.overlay) for source in chosen.values())


def test_metrics_off_empties_metrics_dir_and_scrapes_nothing():
    folder = settings.load(quick=True).variants["production-metrics-off"].overlay
    assert "METRICS_DIR=\n" in (folder / "metrics.env").read_text()
    assert "scrape_configs: []" in (folder / "prometheus.yml").read_text()


def test_a_stack_brings_its_variants_and_plans_like_them():
    chosen = settings.load(quick=True)
    assert variants.with_variants(["static", "production"], chosen.variants) == [
        "static",
        "production",
        "production-metrics-off",
    ]
    assert variants.with_variants(["static"], chosen.variants) == ["static"]
    assert chosen.plan("production-metrics-off") == chosen.plan("production")


def _stack(name, *rps):
    return {
        "name": name,
        "verified": True,
        "levels": [{"connections": c, "rps": r} for c, r in zip((4, 64), rps, strict=True)],
    }


def test_the_ratio_is_the_stack_against_its_variant_at_each_level():
    declared = settings.load(quick=True).variants
    found = variants.ratios([_stack("production", 930, 1900), _stack("production-metrics-off", 1000, 2000)], declared)
    assert [lv["ratio"] for lv in found[0]["levels"]] == [0.93, 0.95]
    line = variants.describe(found)
    assert "0.93 at 4 connections" in line and "goal ≥ 0.90" in line
    assert variants.ratios([_stack("production", 930, 1900)], declared) == []  # variant not measured: no claim


def test_the_results_table_says_the_ratio():
    declared = settings.load(quick=True).variants
    stacks = [_stack("production", 930, 1900), _stack("production-metrics-off", 1000, 2000)]
    for stack in stacks:
        stack.update(reason="", **{"class": "default"})
        for lv in stack["levels"]:
            lv.update(
                rps_min=lv["rps"],
                rps_max=lv["rps"],
                ratio_to_ceiling=None,
                p50_ms=1,
                p90_ms=1,
                p99_ms=1,
                errors=0,
                non_2xx=0,
                cpu_percent=90,
                rss_mib=100,
                wrk_cpu_percent=50,
                load_generator_saturated=False,
            )
    text = table.render({"stacks": stacks, "variants": variants.ratios(stacks, declared)})
    assert "`production` serves 0.93 at 4 connections, 0.95 at 64 connections" in text
