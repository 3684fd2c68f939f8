// Package french reads the daily Fama–French factors of the
// Kenneth R. French Data Library: the 3-factor file
// (F-F_Research_Data_Factors_daily), the 5-factor file
// (F-F_Research_Data_5_Factors_2x3_daily) and momentum
// (F-F_Momentum_Factor_daily), as the library ships them (a zip holding one
// CSV) or as a tidy CSV with a Date column.
//
// # Units
//
// The library publishes percent; [Factors] holds fractions (0.46 → 0.0046).
// RF is the daily risk-free return. The library's missing-value codes -99.99
// and -999 become NaN.
//
// # Layout of the original CSVs
//
// Free-text lines (the first names the CRSP vintage, e.g. "using the 202403
// CRSP database"), a header row that starts with a comma (",Mkt-RF,SMB,..."),
// rows "YYYYMMDD,  v1,  v2, ...", then blank lines and a copyright line (and,
// in monthly files, an annual section). Reading stops at the first line after
// the data that is not a daily row; CRLF or LF.
//
// Fama, E. F. and French, K. R. (1993). Common risk factors in the returns
// on stocks and bonds. JFE 33(1), 3–56. Fama and French (2015). A
// five-factor asset pricing model. JFE 116(1), 1–22. Carhart, M. (1997). On
// persistence in mutual fund performance. JF 52(1), 57–82.
package french
