#!/bin/sh
# Refresh the map libraries served by the site itself (no CDN): Leaflet and Leaflet.markercluster,
# taken from their npm packages, with their licences.
# Usage: scripts/vendor_assets.sh
set -eu
LEAFLET=1.9.4
CLUSTER=1.5.3
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/plugins/maillage/site/assets/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "leaflet@$LEAFLET" "leaflet.markercluster@$CLUSTER" >/dev/null
mkdir leaflet cluster
tar -xzf "leaflet-$LEAFLET.tgz" -C leaflet
tar -xzf "leaflet.markercluster-$CLUSTER.tgz" -C cluster
rm -rf "$dest/leaflet" "$dest/leaflet.markercluster"
mkdir -p "$dest/leaflet/images" "$dest/leaflet.markercluster"
cp leaflet/package/dist/leaflet.js leaflet/package/dist/leaflet.css "$dest/leaflet/"
cp leaflet/package/dist/images/*.png "$dest/leaflet/images/"
cp leaflet/package/LICENSE "$dest/leaflet/LICENSE"
cp cluster/package/dist/leaflet.markercluster.js cluster/package/dist/MarkerCluster.css \
   cluster/package/dist/MarkerCluster.Default.css "$dest/leaflet.markercluster/"
cp cluster/package/MIT-LICENCE.txt "$dest/leaflet.markercluster/LICENSE" 2>/dev/null \
   || cp cluster/package/LICENSE* "$dest/leaflet.markercluster/"
printf 'leaflet %s\nleaflet.markercluster %s\n' "$LEAFLET" "$CLUSTER" > "$dest/VERSIONS"
echo "vendored into $dest"
