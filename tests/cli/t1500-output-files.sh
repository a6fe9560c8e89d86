#!/usr/bin/env bash
# -o FILE as a careless user (or an attacker) would give it: the database
# itself under any name, a device, a FIFO, a symbolic link, a directory; a
# full disk in the middle of a PNG report; an export period that ends before
# it starts. Nothing is lost, nothing is replaced, and the error says why.
. "$(dirname "$0")/lib.sh"

r --db x.db import -q "$DATA/sample-cases.csv" || not_ok "sample import"
cases() { q x.db "select count(*) from cases"; }
audits() { q x.db "select count(*) from audit_log"; }
before=$(md5sum < x.db)
n_audit=$(audits)

# 1. the database, by its name, its -wal, a hard link, a symbolic link, another path
ln x.db hard.db
ln -s x.db sym.db
mkdir sub
for target in x.db x.db-wal x.db-shm x.db-journal hard.db sym.db ./x.db sub/../x.db "$PWD/x.db"; do
	expect 1 "export -o $target refused" -- r --db x.db export -o "$target"
	has err.txt "is the case database x.db" "export -o $target: says why"
	expect 1 "report -o $target refused" -- r --db x.db report -o "$target"
	has err.txt "is the case database" "report -o $target: says why"
done
expect 1 "publications show -o the database" -- r --db x.db publications show 1 --format json -o x.db
same "$(md5sum < x.db)" "$before" "the database is untouched"
same "$(cases)" 300 "every case is still there"
same "$(audits)" "$n_audit" "a refused export records nothing"
same "$(find . -name '*.tmp-*' | wc -l)" 0 "no temporary file"
# the last connection removes the -wal and -shm: none was written by an export
for f in x.db-wal x.db-shm x.db-journal; do
	[ -e "$f" ] && not_ok "$f was written" || ok
done

# 2. a device is written into, never replaced; a FIFO too; a symbolic link
#    to a file, a directory, a disk are refused
if [ -c /dev/full ]; then
	expect 2 "export to /dev/full fails" -- r --db x.db export -o /dev/full
	has err.txt "cannot write /dev/full: No space left on device" "names the device and the reason"
	[ -c /dev/full ] && ok || not_ok "/dev/full is no longer a character device"
	expect 2 "report to /dev/full fails" -- r --db x.db report -o /dev/full
	[ -c /dev/full ] && ok || not_ok "/dev/full replaced by report"
fi
expect 0 "export to /dev/null" -- r --db x.db export -o /dev/null
[ -c /dev/null ] && ok || not_ok "/dev/null is no longer a character device"
mkfifo pipe
timeout 20 cat pipe > from-pipe.csv &
reader=$!
expect 0 "export into a FIFO" -- r --db x.db export -o pipe
wait $reader
[ -p pipe ] && ok || not_ok "the FIFO was replaced"
same "$(wc -l < from-pipe.csv)" 301 "the reader got every row"
echo "keep me" > precious.txt
ln -s precious.txt link.csv
expect 1 "export onto a symbolic link" -- r --db x.db export -o link.csv
has err.txt "link.csv is a symbolic link (to $PWD/precious.txt)" "says where it leads"
[ -L link.csv ] && ok || not_ok "the link was replaced"
same "$(cat precious.txt)" "keep me" "the file it leads to is untouched"
ln -s nowhere dangling.csv
expect 1 "export onto a dangling link" -- r --db x.db export -o dangling.csv
[ -e nowhere ] && not_ok "the link's target was created" || ok
mkdir outdir
expect 1 "export onto a directory" -- r --db x.db export -o outdir
has err.txt "outdir is a directory" "names the directory"
expect 2 "export into a missing directory" -- r --db x.db export -o no/such/dir.csv
has err.txt "no/such/dir.csv" "names the file"
# a regular file is still replaced whole (written beside, renamed)
echo old > out.csv
expect 0 "export over a regular file" -- r --db x.db export -o out.csv
same "$(wc -l < out.csv)" 301 "replaced by the export"
same "$(stat -c %a out.csv)" 600 "readable by its owner only"

# 4. PNG pages: all or none. RLIMIT_FSIZE makes writes past a size fail
#    (EFBIG, with SIGXFSZ ignored): the size is just under the largest page's, so
#    that page cannot be written whatever the layout makes of the pages.
expect 0 "png report" -- r --db x.db report --format png -o ok.png
pages=$(ls ok-*.png | wc -l)
[ "$pages" -ge 2 ] && ok || not_ok "the PNG report has $pages pages"
limit=$(( $(stat -c %s "$(ls -S ok-*.png | head -1)") / 1024 - 1 ))
expect 2 "png report on a full disk" -- bash -c "trap '' XFSZ; ulimit -f $limit; exec \"\$0\" --db x.db report --format png -o full.png" "$RETORNO_BIN"
has err.txt "cannot write full.png" "names the file the user gave"
lacks err.txt "r-N.png" "no made-up name"
same "$(ls | grep -c '^full')" 0 "no page file left"
same "$(find . -name '*.tmp-*' | wc -l)" 0 "no temporary page left"
# a page name that is taken by a link is refused before anything stays
ln -s precious.txt link-2.png
expect 1 "png page onto a symbolic link" -- r --db x.db report --format png -o link.png
same "$(ls | grep -c '^link-[0-9]*\.png$')" 1 "only the link, no page 1"
same "$(cat precious.txt)" "keep me" "the link's file is untouched"

# 10. an export period that ends before it starts: refused as report refuses it
expect 1 "export --from after --to" -- r --db x.db export --from 2020-01-01 --to 2019-01-01 -o e.csv
has err.txt "--from 2020-01-01 is after --to 2019-01-01" "the same words as report"
[ -e e.csv ] && not_ok "an empty export was written" || ok
expect 1 "report --from after --to" -- r --db x.db report --from 2020-01-01 --to 2019-01-01
has err.txt "--from 2020-01-01 is after --to 2019-01-01" "report's words"
finish
