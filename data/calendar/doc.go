// Package calendar is the NYSE trading calendar: which calendar dates the New
// York Stock Exchange is open for a regular session.
//
// Dates are civil dates: a time.Time at 00:00 UTC (as in data.Series). Inputs
// in other locations are reduced to their year, month and day in their own
// location, so 2018-08-06 09:30 America/New_York is 2018-08-06.
//
// # Rules
//
// The exchange is closed on Saturdays, Sundays, the rule-based holidays and the
// special closures listed below. Early closes (13:00) count as trading days.
//
//	New Year's Day     1 Jan; Sunday → Monday 2 Jan; Saturday → not observed (NYSE Rule 7.2)
//	Martin Luther King third Monday of January, from 1998
//	Washington's Bday  third Monday of February
//	Good Friday        two days before Easter Sunday (Gregorian computus)
//	Memorial Day       last Monday of May
//	Juneteenth         19 Jun, from 2022; Saturday → Friday, Sunday → Monday
//	Independence Day   4 Jul; Saturday → Friday, Sunday → Monday
//	Labor Day          first Monday of September
//	Thanksgiving       fourth Thursday of November
//	Christmas          25 Dec; Saturday → Friday, Sunday → Monday
//
// Special closures: 1985-09-27 (Hurricane Gloria), 1994-04-27 (Nixon funeral),
// 2001-09-11..14 (September 11), 2004-06-11 (Reagan), 2007-01-02 (Ford),
// 2012-10-29..30 (Hurricane Sandy), 2018-12-05 (G. H. W. Bush), 2025-01-09
// (Carter).
//
// The rules are those in force since 1998 (the first MLK closure) and are
// applied unchanged to earlier years except that MLK is skipped; before 1971
// the Monday holidays fell on fixed dates, so results before 1971 are not
// NYSE history. Future closures not yet announced are, of course, unknown.
package calendar
