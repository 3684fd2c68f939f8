// Package symbols is the history of ticker symbols: which symbol a company
// traded under at a date, and which symbol a vendor files its whole price
// history under today.
//
// Vendors re-file a renamed company's history under the new ticker and answer
// the old one with "not found": Yahoo serves Facebook's prices since 2012 as
// META and answers FB with 404 "No data found, symbol may be delisted". A
// study of FB on 2018-08-06 must therefore ask for META. A [History] maps the
// symbol as of an event date to the vendor's current symbol ([History.Resolve]);
// the outputs keep the symbol the user gave, and the company's name as of the
// event date ([Resolution.Name]: "Facebook, Inc." in 2018, not the vendor's
// current "Meta Platforms, Inc.").
//
// # Rules
//
//   - A rename old → new dated D means the company traded as old before D and
//     as new from D on (D is the first session under the new ticker). The
//     symbol old as of a date before D resolves to new, and on through later
//     renames of new; as of D or later, old is not this company (a ticker may
//     be reused) and is not mapped.
//   - A delisting (a row with no new symbol) dated D means the company stopped
//     trading with no successor ticker. The symbol as of a date before D is
//     never mapped: it resolves to a [Resolution] marked Delisted, and callers
//     report the event as an unknown symbol with that explanation instead of
//     asking the vendor, whose current symbol may belong to another company.
//   - [Builtin] holds a few well-known changes, each with its source. A user
//     file ([Read], the CLI's --symbols) extends it; its rows for an old
//     symbol replace every built-in row of that symbol ([History.With]).
//
// # File format
//
// A CSV file with a header; column names are matched ignoring case and
// surrounding space:
//
//	old    required: the symbol before the change
//	new    the symbol from date on; empty: delisted without successor
//	date   required, yyyy-mm-dd: the first session under new (or the delisting)
//	note   optional: a source or a comment, shown in messages
//	old_name   optional (or "name"): the company's name while it traded as
//	           old, used for events dated before the change instead of the
//	           vendor's current name ("Facebook, Inc.")
//	name_until optional, yyyy-mm-dd: the first day of the next name when
//	           the company was renamed before its ticker changed (default: date)
//
// Errors are *data.ParseError naming the file, line and column.
package symbols
