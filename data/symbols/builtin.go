package symbols

import "time"

// builtin are well-known changes of US tickers, each with the announcement
// it comes from. Only changes whose date was checked are listed; a user file
// adds others (--symbols). Dates are the first session under the new ticker,
// or the delisting. Name is the company's name under the old ticker where
// it differed from today's (Facebook, Anthem, Square), with the date it
// changed; Fiserv and Healthpeak kept theirs. Delisted rows carry none (no
// prices are read for them).
var builtin = []Change{
	{Old: "FB", New: "META", Date: day(2022, 6, 9),
		Note: "Facebook, Inc. became Meta Platforms, Inc. (2021-10-28); its Nasdaq ticker changed to META",
		Source: "Meta Platforms investor relations, ticker change to META effective 2022-06-09 (investor.atmeta.com); " +
			"name change to Meta Platforms, Inc. effective 2021-10-28 (Meta press release of 2021-10-28, about.fb.com)",
		Name: "Facebook, Inc.", NameUntil: day(2021, 10, 28)},
	{Old: "ANTM", New: "ELV", Date: day(2022, 6, 28),
		Note:   "Anthem, Inc. became Elevance Health, Inc. (NYSE)",
		Source: "Elevance Health press release of 2022-06-28 on the name and ticker change (ir.elevancehealth.com)",
		Name:   "Anthem, Inc."},
	{Old: "FISV", New: "FI", Date: day(2023, 6, 7),
		Note:   "Fiserv, Inc. moved from Nasdaq (FISV) to the NYSE (FI)",
		Source: "Fiserv investor relations, transfer of its listing to the NYSE under FI (investors.fiserv.com)"},
	{Old: "PEAK", New: "DOC", Date: day(2024, 3, 1),
		Note:   "Healthpeak Properties took the ticker DOC on completing its merger with Physicians Realty Trust (NYSE)",
		Source: "Healthpeak Properties press release of 2024-03-01 on the completed merger (ir.healthpeak.com)"},
	{Old: "DOC", Date: day(2024, 3, 1),
		Note:   "Physicians Realty Trust was acquired by Healthpeak Properties; DOC is Healthpeak's ticker since",
		Source: "Healthpeak Properties press release of 2024-03-01 on the completed merger (ir.healthpeak.com)"},
	{Old: "SQ", New: "XYZ", Date: day(2025, 1, 21),
		Note: "Block, Inc. (formerly Square) changed its NYSE ticker from SQ to XYZ",
		Source: "Block, Inc. investor relations, ticker change to XYZ effective 2025-01-21 (investors.block.xyz); " +
			"name change from Square, Inc. to Block, Inc. effective 2021-12-10 (Block press release of 2021-12-01)",
		Name: "Square, Inc.", NameUntil: day(2021, 12, 10)},
	{Old: "TWTR", Date: day(2022, 11, 8),
		Note:   "Twitter, Inc. was taken private by X Holdings (2022-10-27) and delisted from the NYSE",
		Source: "NYSE removal of Twitter, Inc. common stock from listing (Form 25, SEC EDGAR), effective 2022-11-08"},
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var builtinHistory = func() *History {
	h, err := New(builtin)
	if err != nil {
		panic("symbols: built-in table: " + err.Error())
	}
	return h
}()

// Builtin returns the built-in history: FB → META (2022-06-09), ANTM → ELV
// (2022-06-28), FISV → FI (2023-06-07), PEAK → DOC (2024-03-01, when the
// previous DOC, Physicians Realty Trust, was delisted), SQ → XYZ (2025-01-21),
// and TWTR delisted (2022-11-08). [History.Changes] lists them with sources.
func Builtin() *History { return builtinHistory }
