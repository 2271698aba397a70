from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.data import FULL, Scale, generate


class Command(BaseCommand):
    help = (
        "Generate synthetic agencies, officers, courses and completions for the benchmarks and "
        "the load test (see bench/). Tops up to the counts asked for, so running it again adds "
        "nothing. Full scale: --agencies 500 --officers 100000 --completions 1000000 --courses 20 "
        "(or --full). Refuses to run when DEBUG is off unless --force is given."
    )

    def add_arguments(self, parser):
        small = Scale()
        parser.add_argument("--agencies", type=int, default=small.agencies)
        parser.add_argument("--officers", type=int, default=small.officers)
        parser.add_argument("--completions", type=int, default=small.completions)
        parser.add_argument("--courses", type=int, default=small.courses)
        parser.add_argument("--lessons", type=int, default=small.lessons, help="Per course.")
        parser.add_argument(
            "--big-agency",
            type=int,
            default=None,
            help="Officers in agency 1, the supervisor dashboard's subject (default: 2000 at "
            "full scale, else a third of the officers).",
        )
        parser.add_argument("--seed", type=int, default=small.seed)
        parser.add_argument("--full", action="store_true", help="The full statewide scale.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (only ever on a benchmark database).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: this looks like a real site, so no benchmark data was made. "
                "Use --force on a benchmark database."
            )
        if options["full"]:
            scale = FULL
        else:
            officers = options["officers"]
            big = options["big_agency"]
            scale = Scale(
                agencies=max(1, options["agencies"]),
                officers=max(0, officers),
                completions=max(0, options["completions"]),
                courses=max(1, options["courses"]),
                lessons=max(1, options["lessons"]),
                big_agency=big if big is not None else min(2000, max(1, officers // 3)),
                seed=options["seed"],
            )
        self.stdout.write(f"bench_data: {scale}")
        generate(scale=scale, stdout=self.stdout)
