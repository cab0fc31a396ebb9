package eventlog

import (
	"bufio"
	"io"
	"math/rand/v2"
	"strconv"
	"time"
)

// XESOptions shape a generated XES log.
type XESOptions struct {
	// Events is how many events to write at least (whole traces are
	// written, so a few more); 200 000 make about 100 MB. Zero: 1000.
	Events int
	// Seed makes the log reproducible: the same options write the same
	// bytes.
	Seed uint64
	// From is the earliest case start; zero is 2023-01-01 in Oslo.
	From time.Time
}

// GenerateXES writes a plausible building-permit event log in XES for
// benchmarks and demos, marked as generated in the log's attributes. Each
// activity is logged with a start and a complete event carrying
// concept:name, lifecycle:transition, time:timestamp (Oslo's offset, or
// UTC for every fifth case, so offsets are mixed), org:resource, org:group
// and five more attributes, about 500 bytes per event. Some cases loop
// back for more documentation (rework); a few are appealed.
//
// Errors: the writer's.
func GenerateXES(w io.Writer, opts XESOptions) error {
	if opts.Events <= 0 {
		opts.Events = 1000
	}
	from := opts.From
	if from.IsZero() {
		from = time.Date(2023, 1, 1, 8, 0, 0, 0, oslo)
	}
	rng := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x5eed))
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.WriteString(xesGenHeader)

	var buf []byte
	events := 0
	for c := 1; events < opts.Events; c++ {
		loc := oslo
		if c%5 == 0 {
			loc = time.UTC
		}
		t := from.Add(time.Duration(rng.Int64N(int64(3 * 365 * 24 * time.Hour))))
		buf = append(buf[:0], "\t<trace>\n\t\t<string key=\"concept:name\" value=\"BYGG-"...)
		buf = strconv.AppendInt(buf, int64(t.Year()), 10)
		buf = append(buf, '-')
		buf = strconv.AppendInt(buf, int64(c), 10)
		buf = append(buf, "\"/>\n\t\t<string key=\"variant\" value=\"generated\"/>\n"...)
		for _, act := range genPath(rng) {
			res := "saksbehandler-" + strconv.Itoa(1+rng.IntN(40))
			if act == genActs[0] {
				res = "servicetorg-" + strconv.Itoa(1+rng.IntN(5))
			}
			work := time.Duration(5+rng.IntN(180)) * time.Minute
			for _, lc := range [2]string{"start", "complete"} {
				buf = genEvent(buf, rng, act, lc, res, t.In(loc))
				events++
				if lc == "start" {
					t = t.Add(work)
				}
			}
			t = t.Add(time.Duration(rng.IntN(5*24*60)) * time.Minute)
		}
		buf = append(buf, "\t</trace>\n"...)
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	bw.WriteString("</log>\n")
	return bw.Flush()
}

var genActs = []string{
	"Søknad mottatt", "Registrere søknad", "Vurdere om søknaden er komplett",
	"Be om tilleggsdokumentasjon", "Tilleggsdokumentasjon mottatt", "Nabovarsel",
	"Innhente uttalelser", "Behandle søknad", "Fatte vedtak", "Sende vedtak",
	"Klage mottatt", "Behandle klage", "Avslutte sak",
}

// genPath draws one case's activity sequence.
func genPath(rng *rand.Rand) []string {
	p := []string{genActs[0], genActs[1], genActs[2]}
	for range 3 {
		if rng.IntN(10) >= 3 {
			break
		}
		p = append(p, genActs[3], genActs[4], genActs[2])
	}
	if rng.IntN(2) == 0 {
		p = append(p, genActs[5])
	}
	if rng.IntN(3) == 0 {
		p = append(p, genActs[6])
	}
	p = append(p, genActs[7], genActs[8], genActs[9])
	if rng.IntN(20) == 0 {
		p = append(p, genActs[10], genActs[11], genActs[8], genActs[9])
	}
	return append(p, genActs[12])
}

var genChannels = []string{"eByggesak", "Altinn", "e-post", "papir", "Fellestjenester bygg"}

func genEvent(buf []byte, rng *rand.Rand, act, lc, res string, t time.Time) []byte {
	buf = append(buf, "\t\t<event>\n\t\t\t<string key=\"concept:name\" value=\""...)
	buf = append(buf, act...)
	buf = append(buf, "\"/>\n\t\t\t<string key=\"lifecycle:transition\" value=\""...)
	buf = append(buf, lc...)
	buf = append(buf, "\"/>\n\t\t\t<date key=\"time:timestamp\" value=\""...)
	buf = t.AppendFormat(buf, "2006-01-02T15:04:05.000Z07:00")
	buf = append(buf, "\"/>\n\t\t\t<string key=\"org:resource\" value=\""...)
	buf = append(buf, res...)
	buf = append(buf, "\"/>\n\t\t\t<string key=\"org:group\" value=\"Byggesak\"/>\n\t\t\t<string key=\"org:role\" value=\"Saksbehandler\"/>\n\t\t\t<int key=\"cost\" value=\""...)
	buf = strconv.AppendInt(buf, int64(100+rng.IntN(2000)), 10)
	buf = append(buf, "\"/>\n\t\t\t<string key=\"channel\" value=\""...)
	buf = append(buf, genChannels[rng.IntN(len(genChannels))]...)
	buf = append(buf, "\"/>\n\t\t\t<string key=\"document\" value=\"DOK-"...)
	buf = strconv.AppendInt(buf, int64(100000+rng.IntN(900000)), 10)
	buf = append(buf, "\"/>\n\t\t\t<float key=\"hours\" value=\""...)
	buf = strconv.AppendFloat(buf, float64(rng.IntN(800))/100, 'f', 2, 64)
	buf = append(buf, "\"/>\n\t\t</event>\n"...)
	return buf
}

const xesGenHeader = `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">
	<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
	<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
	<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
	<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
	<global scope="trace">
		<string key="concept:name" value="UNKNOWN"/>
	</global>
	<global scope="event">
		<string key="concept:name" value="UNKNOWN"/>
		<date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>
		<string key="lifecycle:transition" value="complete"/>
	</global>
	<classifier name="Activity" keys="concept:name"/>
	<classifier name="Activity and transition" keys="concept:name lifecycle:transition"/>
	<string key="concept:name" value="Generated building-permit log (Tjenestevalg, not real data)"/>
	<string key="source" value="generated"/>
`
