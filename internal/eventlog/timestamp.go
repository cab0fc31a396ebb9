package eventlog

import (
	"time"
	_ "time/tzdata" // Europe/Oslo for times without an offset, whatever the host has
)

// oslo is where a time without an offset is read: the logs are
// Norwegian municipalities'.
var oslo = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// parseTime reads a timestamp as Unix nanoseconds. Accepted: ISO 8601 /
// RFC 3339 dates and times ("2006-01-02T15:04:05.999999999+01:00", "T" or
// a space, seconds and fraction optional, offset "Z", "±hh:mm", "±hhmm" or
// "±hh", or none), a date alone, and Norwegian "02.01.2006 15:04(:05)". A
// time without an offset is Europe/Oslo's local time. ok is false for
// anything else, including impossible dates.
func parseTime(b []byte) (int64, bool) {
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r' || b[len(b)-1] == '\n') {
		b = b[:len(b)-1]
	}
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	var year, month, day int
	var ok bool
	switch {
	case len(b) >= 10 && b[4] == '-' && b[7] == '-':
		year, ok = digits(b[0:4])
		if !ok {
			return 0, false
		}
		month, ok = digits(b[5:7])
		if !ok {
			return 0, false
		}
		day, ok = digits(b[8:10])
	case len(b) >= 10 && b[2] == '.' && b[5] == '.':
		day, ok = digits(b[0:2])
		if !ok {
			return 0, false
		}
		month, ok = digits(b[3:5])
		if !ok {
			return 0, false
		}
		year, ok = digits(b[6:10])
	default:
		return 0, false
	}
	if !ok || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) {
		return 0, false
	}
	b = b[10:]
	var hour, minute, sec, nsec int
	if len(b) > 0 && (b[0] == 'T' || b[0] == ' ') {
		b = b[1:]
		if len(b) < 5 || b[2] != ':' {
			return 0, false
		}
		if hour, ok = digits(b[0:2]); !ok || hour > 23 {
			return 0, false
		}
		if minute, ok = digits(b[3:5]); !ok || minute > 59 {
			return 0, false
		}
		b = b[5:]
		if len(b) >= 3 && b[0] == ':' {
			if sec, ok = digits(b[1:3]); !ok || sec > 59 {
				return 0, false
			}
			b = b[3:]
			if len(b) > 1 && (b[0] == '.' || b[0] == ',') {
				i := 1
				scale := 100000000
				for ; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
					nsec += int(b[i]-'0') * scale
					scale /= 10
				}
				if i == 1 {
					return 0, false
				}
				b = b[i:]
			}
		}
	}
	loc := oslo
	offset := 0
	switch {
	case len(b) == 0:
	case len(b) == 1 && (b[0] == 'Z' || b[0] == 'z'):
		loc = nil
	case b[0] == '+' || b[0] == '-':
		var oh, om int
		switch {
		case len(b) == 6 && b[3] == ':':
			oh, ok = digits(b[1:3])
			if ok {
				om, ok = digits(b[4:6])
			}
		case len(b) == 5:
			oh, ok = digits(b[1:3])
			if ok {
				om, ok = digits(b[3:5])
			}
		case len(b) == 3:
			oh, ok = digits(b[1:3])
		default:
			ok = false
		}
		if !ok || oh > 23 || om > 59 {
			return 0, false
		}
		offset = oh*3600 + om*60
		if b[0] == '-' {
			offset = -offset
		}
		loc = nil
	default:
		return 0, false
	}
	if year < 1678 || year > 2261 {
		return 0, false // outside what int64 nanoseconds hold
	}
	if loc != nil {
		return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc).UnixNano(), true
	}
	days := daysFromCivil(year, month, day)
	secs := days*86400 + int64(hour*3600+minute*60+sec-offset)
	return secs*1e9 + int64(nsec), true
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts the days from 1970-01-01 to the given proleptic
// Gregorian date (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}
