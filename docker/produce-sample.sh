#!/usr/bin/env bash
# Feeds the local stack (docker/docker-compose.yml) with sample events through kafka-console-producer inside the
# kafka container, so nothing but Docker is needed on the host.
#
#   docker/produce-sample.sh                    # seed the response base, then 1 round of the built-in events
#   docker/produce-sample.sh --rounds 50        # 50 rounds (ids stay unique)
#   docker/produce-sample.sh --file my.jsonl    # your own JSON lines ({"id":..,"text":..,"question":..})
#   docker/produce-sample.sh --no-responses     # skip seeding the ranking response base
#
# Events are JSON (the pipeline input format in deploy/base/config/application.yml). Two records per round are
# deliberately bad (not JSON, empty text) so the dead-letter topic and metrics have something to show.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
compose=(docker compose -f "$here/docker-compose.yml")
bootstrap="kafka:19092"
topic="${NLPSTREAM_INPUT_TOPIC:-text-events}"
responses_topic="${NLPSTREAM_RESPONSE_BASE_TOPIC:-response-base}"
rounds=1
file=""
responses=true

usage() { sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --file) file="$2"; shift 2 ;;
    --topic) topic="$2"; shift 2 ;;
    --no-responses) responses=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "produce-sample.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "produce-sample.sh: --rounds needs a positive integer" >&2; exit 2; }

# Key and value are separated by a TAB so JSON commas and colons stay untouched.
produce() {
  "${compose[@]}" exec -T kafka /opt/kafka/bin/kafka-console-producer.sh \
    --bootstrap-server "$bootstrap" --topic "$1" \
    --property parse.key=true --property key.separator=$'\t'
}

if $responses; then
  produce "$responses_topic" <<'JSONL'
faq-01	{"text":"You can reset your password from the login page with the Forgot password link.","metadata":{"category":"account"}}
faq-02	{"text":"Refunds are issued to the original payment method within 5 business days.","metadata":{"category":"billing"}}
faq-03	{"text":"Orders ship within 24 hours and tracking numbers are emailed when they leave the warehouse.","metadata":{"category":"shipping"}}
faq-04	{"text":"You can cancel your subscription at any time from the billing settings page.","metadata":{"category":"billing"}}
faq-05	{"text":"Our support team is available Monday to Friday from 9am to 6pm CET.","metadata":{"category":"support"}}
faq-06	{"text":"Two-factor authentication can be enabled in the security section of your profile.","metadata":{"category":"account"}}
faq-07	{"text":"International shipping is available to over 40 countries; duties are paid by the recipient.","metadata":{"category":"shipping"}}
faq-08	{"text":"Damaged items can be returned free of charge within 30 days of delivery.","metadata":{"category":"returns"}}
faq-09	{"text":"Invoices can be downloaded as PDF from the orders page.","metadata":{"category":"billing"}}
faq-10	{"text":"To change your delivery address, contact support before the order ships.","metadata":{"category":"shipping"}}
faq-11	{"text":"Gift cards never expire and can be combined with discount codes.","metadata":{"category":"billing"}}
faq-12	{"text":"Your data is stored in the EU and you can request an export at any time.","metadata":{"category":"privacy"}}
JSONL
  echo "produce-sample.sh: seeded 12 responses into $responses_topic" >&2
fi

events() {
  local r="$1"
  cat <<JSONL
r$r-01	{"id":"r$r-01","text":"I absolutely loved this phone, the battery lasts for days and the screen is gorgeous."}
r$r-02	{"id":"r$r-02","text":"Terrible service. The package arrived broken and nobody answered my emails."}
r$r-03	{"id":"r$r-03","text":"Buy cheap followers now!!! Click here to win a free iPhone, limited offer!!!"}
r$r-04	{"id":"r$r-04","text":"You are an idiot and everyone hates you."}
r$r-05	{"id":"r$r-05","text":"Angela Merkel met Emmanuel Macron in Paris to discuss the European Union budget."}
r$r-06	{"id":"r$r-06","text":"Sundar Pichai announced that Google will open a new office in Zurich next year.","language":"en"}
r$r-07	{"id":"r$r-07","text":"The Eiffel Tower was completed in 1889 and is 330 metres tall. It was designed by Gustave Eiffel's company.","question":"When was the Eiffel Tower completed?"}
r$r-08	{"id":"r$r-08","text":"Our warehouse in Rotterdam ships orders Monday to Saturday. Orders placed before 3pm leave the same day.","question":"Where is the warehouse?"}
r$r-09	{"id":"r$r-09","text":"How do I get my money back for an order I returned?","metadata":{"channel":"chat"}}
r$r-10	{"id":"r$r-10","text":"I forgot my password and cannot log in anymore.","metadata":{"channel":"email"}}
r$r-11	this is not json at all
r$r-12	{"id":"r$r-12","text":"   "}
JSONL
}

if [[ -n "$file" ]]; then
  [[ -r "$file" ]] || { echo "produce-sample.sh: cannot read $file" >&2; exit 2; }
  # Key each line by its position so the partitioner spreads them; the JSON keeps its own id.
  awk '{ printf "line-%d\t%s\n", NR, $0 }' "$file" | produce "$topic"
  echo "produce-sample.sh: produced $(wc -l < "$file") events from $file into $topic" >&2
else
  for ((r = 1; r <= rounds; r++)); do events "$r"; done | produce "$topic"
  echo "produce-sample.sh: produced $((rounds * 12)) events ($((rounds * 2)) deliberately bad) into $topic" >&2
fi
# The output is Avro in the Confluent wire format: the registry image ships the Avro-aware console consumer.
echo "produce-sample.sh: read the enriched records with" >&2
echo "  docker compose -f docker/docker-compose.yml exec schema-registry kafka-avro-console-consumer --bootstrap-server $bootstrap --topic ${topic}-enriched --from-beginning --property schema.registry.url=http://localhost:8081" >&2
