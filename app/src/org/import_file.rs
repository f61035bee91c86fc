//! Reads an HR export (CSV in UTF-8 or GB18030, or XLSX/XLS) into a [`RawTable`].

use super::import::{Cell, RawTable, excel_serial_to_date};
use calamine::{Data, Reader, open_workbook_auto_from_rs};
use std::io::Cursor;

pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("file too large")]
    TooLarge,
    #[error("unreadable file: {0}")]
    Unreadable(String),
}

/// Parses `bytes` by the file name's extension (or, failing that, by content).
pub fn read_table(file_name: &str, bytes: &[u8]) -> Result<RawTable, FileError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(FileError::TooLarge);
    }
    let lower = file_name.to_lowercase();
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let is_ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if lower.ends_with(".xlsx") || lower.ends_with(".xls") || is_zip || is_ole {
        read_workbook(bytes)
    } else {
        read_csv(bytes)
    }
}

fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        // Excel on Chinese Windows saves CSV in GBK, which GB18030 contains.
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn read_csv(bytes: &[u8]) -> Result<RawTable, FileError> {
    let text = decode_text(bytes);
    let delimiter = if text
        .lines()
        .next()
        .is_some_and(|l| l.contains('\t') && !l.contains(','))
    {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let headers = match records.next() {
        Some(r) => r
            .map_err(|e| FileError::Unreadable(e.to_string()))?
            .iter()
            .map(str::to_string)
            .collect(),
        None => Vec::new(),
    };
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| FileError::Unreadable(e.to_string()))?;
        rows.push(
            record
                .iter()
                .map(|v| {
                    if v.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(v.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(RawTable { headers, rows })
}

fn read_workbook(bytes: &[u8]) -> Result<RawTable, FileError> {
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| FileError::Unreadable(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| FileError::Unreadable("no worksheet".into()))?
        .map_err(|e| FileError::Unreadable(e.to_string()))?;
    let mut rows = range
        .rows()
        .map(|row| row.iter().map(to_cell).collect::<Vec<Cell>>());
    let headers = rows
        .next()
        .map(|h| h.iter().map(Cell::text).collect())
        .unwrap_or_default();
    Ok(RawTable {
        headers,
        rows: rows.collect(),
    })
}

fn to_cell(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) => excel_serial_to_date(dt.as_f64())
            .map(Cell::Date)
            .unwrap_or(Cell::Empty),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_csv_with_chinese_headers_is_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("工号,姓名,部门\r\n0001,张伟,门诊部\r\n");
        let table = read_table("hr.csv", &bytes).unwrap();
        assert_eq!(table.headers, ["工号", "姓名", "部门"]);
        assert_eq!(table.rows[0][1], Cell::Text("张伟".into()));
        assert_eq!(table.rows[0][0].text(), "0001");
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let table = read_table("hr.csv", "\u{FEFF}工号,姓名\n1,李\n".as_bytes()).unwrap();
        assert_eq!(table.headers[0], "工号");
    }

    #[test]
    fn xlsx_keeps_text_numbers_and_reads_date_serials() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (col, h) in ["工号", "姓名", "部门", "手机号", "入职日期"]
            .iter()
            .enumerate()
        {
            sheet.write_string(0, col as u16, *h).unwrap();
        }
        sheet.write_string(1, 0, "00123").unwrap();
        sheet.write_string(1, 1, "王芳").unwrap();
        sheet.write_string(1, 2, "内科").unwrap();
        sheet.write_number(1, 3, 13912345678.0).unwrap();
        let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        sheet
            .write_number_with_format(1, 4, 45292.0, &date_format)
            .unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let table = read_table("hr.xlsx", &bytes).unwrap();
        assert_eq!(
            table.headers,
            ["工号", "姓名", "部门", "手机号", "入职日期"]
        );
        assert_eq!(table.rows[0][0].text(), "00123");
        assert_eq!(table.rows[0][3].text(), "13912345678");
        assert_eq!(table.rows[0][4].text(), "2024-01-01");
    }

    #[test]
    fn garbage_named_xlsx_is_unreadable() {
        assert!(read_table("hr.xlsx", b"PK\x03\x04not really").is_err());
    }
}
