package eventlog

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	utc := func(y, mo, d, h, mi, s, ns int) time.Time {
		return time.Date(y, time.Month(mo), d, h, mi, s, ns, time.UTC)
	}
	for _, c := range []struct {
		in   string
		want time.Time
	}{
		{"2024-01-31T10:20:30Z", utc(2024, 1, 31, 10, 20, 30, 0)},
		{"2024-01-31T10:20:30.123456789+01:00", utc(2024, 1, 31, 9, 20, 30, 123456789)},
		{"2024-01-31T10:20:30.5-0230", utc(2024, 1, 31, 12, 50, 30, 5e8)},
		{"2024-01-31T10:20:30+05", utc(2024, 1, 31, 5, 20, 30, 0)},
		{"2024-01-31 10:20:30", utc(2024, 1, 31, 9, 20, 30, 0)},     // Oslo winter
		{"2024-07-31 10:20", utc(2024, 7, 31, 8, 20, 0, 0)},         // Oslo summer
		{"2024-07-31", utc(2024, 7, 30, 22, 0, 0, 0)},               // Oslo midnight
		{"31.07.2024 10:20", utc(2024, 7, 31, 8, 20, 0, 0)},         // Norwegian
		{"31.12.2024 23:59:59", utc(2024, 12, 31, 22, 59, 59, 0)},   // Norwegian with seconds
		{" 2024-02-29T00:00:00Z\r\n", utc(2024, 2, 29, 0, 0, 0, 0)}, // leap day, spaces
		{"1900-01-01T00:00:00Z", utc(1900, 1, 1, 0, 0, 0, 0)},
	} {
		ns, ok := parseTime([]byte(c.in))
		if !ok || !time.Unix(0, ns).Equal(c.want) {
			t.Errorf("parseTime(%q) = %v %v, want %v", c.in, time.Unix(0, ns).UTC(), ok, c.want)
		}
	}
	for _, bad := range []string{
		"", "yesterday", "2023-02-29T10:00:00Z", "2024-13-01", "2024-01-01T24:00:00Z", "2024-01-01T10:60",
		"2024-01-01T10:00:00+25:00", "2024-01-01T10:00:00 CET", "31/12/2024", "2024-01-01T10:00:00.", "0001-01-01T00:00:00Z",
	} {
		if _, ok := parseTime([]byte(bad)); ok {
			t.Errorf("parseTime(%q) accepted", bad)
		}
	}
}
