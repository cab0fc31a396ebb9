package account

import "time"

// The login limit, and why it is shaped this way.
//
// A login attempt is counted before its password is hashed, not after: the
// store reserves the attempt under the limit in one atomic step
// (Store.ReserveLoginAttempt), and only a reserved attempt is hashed. So
// however many attempts arrive at once, no more are checked than the limit
// allows; a successful login gives its reservation back.
//
// Three counters limit an attempt, each a throttle key:
//
//   - the (e-mail, client address) pair: the first PairFree failures are
//     free, after that every attempt must wait a delay that doubles with
//     each failure (2 s, 4 s, 8 s …) up to PairMaxDelay. This is the
//     limit a guesser at one address meets, and it never locks the same
//     e-mail out from another address;
//   - the client address: a ceiling of MaxFailuresIP per FailureWindow,
//     high enough for everyone behind one municipal NAT;
//   - the e-mail over all addresses: a ceiling of MaxFailuresEmail per
//     FailureWindow, a backstop against guessing from many addresses.
//
// The trade-off: a lower e-mail ceiling slows distributed guessing but lets
// an attacker with many addresses lock a user out on purpose; a higher one
// does the opposite. The ceiling is set well above what one address can
// reach through its own delays, and a locked-out user gets in at once with
// a password reset link (RequestPasswordReset), which clears the e-mail's
// counters. docs/security.md and docs/sikkerhet.md say the same for admins.

// ThrottleRule is how one throttle key limits attempts. The zero values of
// Ceiling and Free switch that part off.
type ThrottleRule struct {
	// Window is how long a key's count lives: it starts at the first
	// counted attempt, and the count is forgotten when it ends.
	Window time.Duration
	// Ceiling is the most attempts within the window.
	Ceiling int
	// Free is how many attempts go without delay; from then on each
	// attempt sets a wait before the next: 2 s after the Free-th, doubling
	// with each further attempt, at most MaxDelay.
	Free     int
	MaxDelay time.Duration
}

// ThrottleCount is a key's stored state.
type ThrottleCount struct {
	Attempts int       // counted within the window
	Until    time.Time // when the window ends (zero: no window yet)
	NextAt   time.Time // the earliest the next attempt may come (zero: any time)
}

// Reserve decides an attempt at now. It returns the count with the
// attempt added and ok, or, when the attempt must be refused, ok false and
// the time from which it may be tried again.
func (r ThrottleRule) Reserve(c ThrottleCount, now time.Time) (next ThrottleCount, ok bool, retryAt time.Time) {
	if !now.Before(c.Until) {
		c = ThrottleCount{Until: now.Add(r.Window)}
	}
	if r.Ceiling > 0 && c.Attempts >= r.Ceiling {
		return c, false, c.Until
	}
	if r.Free > 0 && c.Attempts >= r.Free && now.Before(c.NextAt) {
		return c, false, c.NextAt
	}
	c.Attempts++
	if d := r.delay(c.Attempts); d > 0 {
		c.NextAt = now.Add(d)
	}
	return c, true, time.Time{}
}

// delay is the wait after the n-th attempt: none before the Free-th, then
// 2 s doubling, at most MaxDelay.
func (r ThrottleRule) delay(n int) time.Duration {
	if r.Free <= 0 || n < r.Free {
		return 0
	}
	d := 2 * time.Second
	for i := r.Free; i < n && d < r.MaxDelay; i++ {
		d *= 2
	}
	return min(d, r.MaxDelay)
}
