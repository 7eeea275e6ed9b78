#!/usr/bin/env bash
# gen.sh SEATS DB: builds the fixture organization in DB with the seats
# binary SEATS, through its command line (that of schemas 3 to 6). The
# clock is pinned; each stage moves it on. tools/gen2 does the same
# through the domain API of schema 2, which had no command line.
set -euo pipefail
S=$1
export SEATS_DB=$2
at() { export SEATS_NOW=$1; }
run() { "$S" "$@" >/dev/null; }

at 2026-06-15T09:00:00Z
run users invite olga@example.com --first Olga --last Owner
run org edit --name "Fixture GmbH" --currency EUR --anchor-day 1 --expiry-window 45
run users invite adam@example.com --first Adam --last Admin --role admin --department IT
run users invite ana@example.com --first Ana --last Ruiz --department Sales
run users invite ben@example.com --first Ben --last Berg --department Sales
run users invite vic@example.com --first Vic --last Viewer --role viewer
run users invite eve@partner.example --first Eve --last Extern --kind external
run users invite tom@example.com --first Tom --last Gone --department Support
run users invite tara@example.com --first Tara --last Leaving --department IT
run products add Office --contracted 4 --software "Microsoft 365" --vendor Microsoft --type Subscription \
  --kind per-user --period monthly --price 12.50 --vat 21 --policy block --purchased 2026-01-10 \
  --expires 2027-01-09 --support-until 2027-06-30 --invoice INV-2026-001 --serial SER-0001 \
  --inventory INV-OFF --unit HQ --location Berlin --reduce-on-termination \
  --keys $'AAAA-BBBB-CCCC\nDDDD-EEEE-FFFF' --notes $'Enterprise agreement.\nRenews every January; "E3" plan, Zürich office too.'
run products add Antivirus --contracted 1 --software "Endpoint Shield" --vendor Shieldsoft --type Volume \
  --kind per-device --period yearly --price 30 --vat 19 --policy auto-grow --keys AV-0001-0002 \
  --notes $'Device pool.\nOne seat per machine.'
run products add CAD --contracted 2 --vendor Drafty --type Perpetual --period yearly --price 1200.00 \
  --vat 21 --policy auto-grow --notes "Design seats"
run products add Legacy --contracted 2 --period none --type OEM --notes "To be retired"
run assets add LAPTOP-1 --inventory INV-L1 --serial SN-L1 --type laptop --location Berlin --owner ana@example.com
run assets add SERVER-1 --type server --location "DC 1"
run assets add PRINTER-1 --type printer
run allocations add "Sales Office" --product Office --quantity 2 --department Sales --rule
run allocations add "CAD team" --product CAD --quantity 1 --user adam@example.com
run allocations add Temp --product Office --quantity 1 --user vic@example.com

at 2026-06-16T10:00:00Z
run assign Office adam@example.com
run assign Office tom@example.com
run assign Office tara@example.com
run assign CAD adam@example.com
run assign CAD ben@example.com
run assign CAD olga@example.com --yes          # auto-grow
run assign Antivirus LAPTOP-1
run assign Antivirus SERVER-1 --yes            # auto-grow
run assign Legacy ana@example.com
run allocations edit "CAD team" --quantity 2 --user adam@example.com --user ben@example.com
run allocations delete Temp --yes
run users invite sam@example.com --first Sam --last Late --department Sales   # the Sales rule assigns Office
run users edit ben@example.com --last Bergmann --role admin                   # the rule finds no free seat
run assets edit LAPTOP-1 --location Munich
run products edit Office --price 13.00 --notes $'Enterprise agreement.\nPrice raised in June.'
run licenses add Office 1 --yes
run licenses remove CAD 1 --force --yes        # at the yearly cycle end: still pending
run users terminate tom@example.com --last-day 2026-06-30 --yes              # scheduled

at 2026-07-02T08:00:00Z                         # tom's last day and Office's reduction fall due
run users owner adam@example.com --yes
run unassign LIC-000008
run unassign LIC-000010
run users terminate ana@example.com --last-day 2026-07-01 --yes              # a past day: at once
run assign Antivirus PRINTER-1 --yes
run licenses remove Office 1 --yes             # pending until 2026-08-01
run users terminate tara@example.com --last-day 2026-08-14 --yes             # pending
run products delete Legacy --yes
run org edit --expiry-window 60
