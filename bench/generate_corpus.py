"""Build the large synthetic corpus of the search benchmark in a *bench* database.

    ARCHIVE_DB_NAME=archive_bench python -m bench.generate_corpus [--paragraphs N] [--documents N]
                                                                  [--sessions N] [--seed N]

Replaces everything in the database (whose name must contain "bench": ARCHIVE_DB_NAME, or a
DATABASE_URL naming one) with a synthetic corpus, migrating it first; see
``bench.synthetic_corpus``.
"""

from __future__ import annotations

import argparse

from scripts.django_env import setup_django


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--paragraphs", type=int, default=1_000_000, help="searchable paragraphs (headings come on top)"
    )
    parser.add_argument("--documents", type=int, default=None, help="documents (default: paragraphs / 20)")
    parser.add_argument("--sessions", type=int, default=80)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--database", default="default", help="the Django database alias")
    args = parser.parse_args(argv)
    setup_django()
    from django.core.management import call_command

    from bench.synthetic_corpus import Spec, check_bench_database, database_name, generate

    try:
        check_bench_database(args.database)
        documents = args.documents or max(1, args.paragraphs // 20)
        spec = Spec(paragraphs=args.paragraphs, documents=documents, sessions=args.sessions, seed=args.seed)
    except ValueError as e:
        parser.error(str(e))
    print(f"database {database_name(args.database)}: migrating", flush=True)
    call_command("migrate", database=args.database, verbosity=0, interactive=False)
    result = generate(spec, using=args.database, replace=True, progress=lambda m: print(m, flush=True))
    print(result.summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
