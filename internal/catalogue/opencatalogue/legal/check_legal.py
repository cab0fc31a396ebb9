#!/usr/bin/env python3
"""Consistency check for the open catalogue's legal data (issue 16).

Every service slug in services.csv has at least one row across the area files;
every KOSTRA function used (after corrections) has a name in kostra.csv; prints
the share of mandated services (after mandated corrections) whose references are
all verified, and the share with at least one verified reference.
"""
import csv, glob, os, sys
D = os.path.join(os.path.dirname(os.path.abspath(__file__)))
svc = {r['slug']: r for r in csv.DictReader(open(os.path.join(D, '..', 'services.csv'), newline=''))}
for f in sorted(glob.glob(os.path.join(D, 'corrections-*.csv'))):
    for r in csv.DictReader(open(f, newline='')):
        if r['slug'] not in svc:
            sys.exit(f'{os.path.basename(f)}: unknown slug {r["slug"]}')
        if r['field'] in ('mandated', 'kostra_function'):
            svc[r['slug']][r['field']] = r['new']
rows = {s: [] for s in svc}
for f in sorted(glob.glob(os.path.join(D, '*.csv'))):
    n = os.path.basename(f)
    if n.split('-')[0] in ('acts', 'corrections') or n == 'kostra.csv':
        continue
    for r in csv.DictReader(open(f, newline='')):
        if r['slug'] not in rows:
            sys.exit(f'{n}: unknown slug {r["slug"]}')
        if r['verified'] not in ('true', 'false'):
            sys.exit(f'{n}: {r["slug"]}: verified must be true/false')
        if r['verified'] == 'true' and not r['source_url']:
            sys.exit(f'{n}: {r["slug"]}: verified row without source_url')
        rows[r['slug']].append(r)
missing = [s for s, rs in rows.items() if not rs]
kostra = {r['function']: r for r in csv.DictReader(open(os.path.join(D, 'kostra.csv'), newline=''))}
nokostra = sorted({r['kostra_function'] for r in svc.values()} - set(kostra))
mand = [s for s in svc if svc[s]['mandated'] == 'true']
allv = [s for s in mand if rows[s] and all(r['verified'] == 'true' for r in rows[s])]
anyv = [s for s in mand if any(r['verified'] == 'true' for r in rows[s])]
print(f'services {len(svc)}; without a legal row: {len(missing)} {missing}')
print(f'KOSTRA functions used {len({r["kostra_function"] for r in svc.values()})}; without a name: {nokostra}; names without a source: {sorted(k for k, r in kostra.items() if not r["source_url"])}')
print(f'mandated services verified (all references): {len(allv)}/{len(mand)} = {len(allv)/len(mand):.1%}')
print(f'mandated services verified (at least one reference): {len(anyv)}/{len(mand)} = {len(anyv)/len(mand):.1%}')
print('mandated services with an unverified reference:', ', '.join(s for s in mand if s not in allv))
sys.exit(1 if missing or nokostra else 0)
