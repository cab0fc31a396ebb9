// Package method holds the calculations of joint prioritisation: criterion
// weights (AHP with its consistency ratio, group judgements by geometric
// mean, direct points, swing), joint rankings from many rankings (Borda,
// Copeland, Schulze, Kemeny–Young), weighted sums and their sensitivity to
// the weights, agreement across raters (Kendall's W) and Delphi consensus.
//
// The package is pure: values in, values out. Candidates, criteria, items
// and raters are indices 0…n−1; callers keep the names. Bad input is
// refused with a domain error of kind invalid (code "error.invalid_fields")
// whose fields name the entries at fault with one of the Code… constants;
// docs/priority-methods.md defines every method, its tie handling and the
// Kemeny heuristic with its quality bound.
package method
