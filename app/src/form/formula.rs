//! The small formula language of computed fields, parsed and evaluated without any
//! `eval`: numbers, field keys, `+ - * /`, parentheses, `table.column` (the column's
//! total) and the functions `sum`, `min`, `max`, `abs` and `round(x, digits)`.
//! Formulas are at most [`MAX_LEN`] characters and [`MAX_DEPTH`] levels deep, so a
//! hostile definition cannot exhaust the stack.

/// Longest formula accepted, in characters.
pub const MAX_LEN: usize = 500;
/// Deepest nesting of parentheses and calls accepted.
pub const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64),
    Ref(Ref),
    Neg(Box<Expr>),
    Binary(Op, Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
}

/// What a formula reads: a field, or the total of a table's column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ref {
    Field(String),
    Column { table: String, column: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    Sum,
    Min,
    Max,
    Abs,
    Round,
}

/// Where the formula stops making sense (a character offset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntaxError {
    pub at: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvalError {
    DividesByZero,
}

/// Parses a formula; the whole text must be one expression.
pub fn parse(source: &str) -> Result<Expr, SyntaxError> {
    let chars: Vec<char> = source.chars().collect();
    if chars.len() > MAX_LEN {
        return Err(SyntaxError { at: MAX_LEN });
    }
    let mut parser = Parser {
        chars,
        pos: 0,
        depth: 0,
    };
    let expr = parser.expr()?;
    parser.skip_space();
    if parser.pos != parser.chars.len() {
        return Err(SyntaxError { at: parser.pos });
    }
    Ok(expr)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn skip_space(&mut self) {
        while self.pos < self.chars.len() && self.chars[self.pos].is_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_space();
        self.chars.get(self.pos).copied()
    }

    fn error(&self) -> SyntaxError {
        SyntaxError { at: self.pos }
    }

    fn expect(&mut self, c: char) -> Result<(), SyntaxError> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error())
        }
    }

    fn expr(&mut self) -> Result<Expr, SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error());
        }
        let mut left = self.term()?;
        while let Some(c @ ('+' | '-')) = self.peek() {
            self.pos += 1;
            let right = self.term()?;
            let op = if c == '+' { Op::Add } else { Op::Sub };
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        self.depth -= 1;
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.factor()?;
        while let Some(c @ ('*' | '/' | '×' | '÷')) = self.peek() {
            self.pos += 1;
            let right = self.factor()?;
            let op = if matches!(c, '*' | '×') {
                Op::Mul
            } else {
                Op::Div
            };
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Expr, SyntaxError> {
        match self.peek() {
            Some('-') => {
                self.pos += 1;
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(self.error());
                }
                let inner = self.factor()?;
                self.depth -= 1;
                Ok(Expr::Neg(Box::new(inner)))
            }
            Some('(' | '（') => {
                self.pos += 1;
                let inner = self.expr()?;
                match self.peek() {
                    Some(')' | '）') => {
                        self.pos += 1;
                        Ok(inner)
                    }
                    _ => Err(self.error()),
                }
            }
            Some(c) if c.is_ascii_digit() || c == '.' => self.number(),
            Some(c) if c.is_ascii_alphabetic() || c == '_' => self.name(),
            _ => Err(self.error()),
        }
    }

    fn number(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.pos;
        while self.pos < self.chars.len()
            && (self.chars[self.pos].is_ascii_digit() || self.chars[self.pos] == '.')
        {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        text.parse::<f64>()
            .map(Expr::Number)
            .map_err(|_| SyntaxError { at: start })
    }

    fn ident(&mut self) -> String {
        let start = self.pos;
        while self.pos < self.chars.len()
            && (self.chars[self.pos].is_ascii_alphanumeric() || self.chars[self.pos] == '_')
        {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    fn name(&mut self) -> Result<Expr, SyntaxError> {
        let name = self.ident();
        if self.peek() == Some('(') {
            let func = match name.to_ascii_lowercase().as_str() {
                "sum" => Func::Sum,
                "min" => Func::Min,
                "max" => Func::Max,
                "abs" => Func::Abs,
                "round" => Func::Round,
                _ => return Err(self.error()),
            };
            self.pos += 1;
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return Err(self.error());
            }
            let mut args = vec![self.expr()?];
            while self.peek() == Some(',') {
                self.pos += 1;
                args.push(self.expr()?);
            }
            self.expect(')')?;
            self.depth -= 1;
            let arity_ok = match func {
                Func::Abs => args.len() == 1,
                Func::Round => args.len() == 2,
                Func::Sum | Func::Min | Func::Max => !args.is_empty(),
            };
            if !arity_ok {
                return Err(self.error());
            }
            return Ok(Expr::Call(func, args));
        }
        if self.chars.get(self.pos) == Some(&'.') {
            self.pos += 1;
            let column = self.ident();
            if column.is_empty() {
                return Err(self.error());
            }
            return Ok(Expr::Ref(Ref::Column {
                table: name,
                column,
            }));
        }
        Ok(Expr::Ref(Ref::Field(name)))
    }
}

impl Expr {
    /// Every field or column the formula reads, sorted and without repeats.
    pub fn refs(&self) -> Vec<Ref> {
        let mut out = Vec::new();
        self.collect_refs(&mut out);
        out.sort();
        out.dedup();
        out
    }

    fn collect_refs(&self, out: &mut Vec<Ref>) {
        match self {
            Expr::Number(_) => {}
            Expr::Ref(r) => out.push(r.clone()),
            Expr::Neg(inner) => inner.collect_refs(out),
            Expr::Binary(_, a, b) => {
                a.collect_refs(out);
                b.collect_refs(out);
            }
            Expr::Call(_, args) => args.iter().for_each(|a| a.collect_refs(out)),
        }
    }

    /// Whether the formula divides by something that is always zero (`x / 0`, `x / (2 - 2)`).
    pub fn divides_by_constant_zero(&self) -> bool {
        match self {
            Expr::Number(_) | Expr::Ref(_) => false,
            Expr::Neg(inner) => inner.divides_by_constant_zero(),
            Expr::Binary(op, a, b) => {
                (*op == Op::Div && b.constant() == Some(0.0))
                    || a.divides_by_constant_zero()
                    || b.divides_by_constant_zero()
            }
            Expr::Call(_, args) => args.iter().any(Expr::divides_by_constant_zero),
        }
    }

    fn constant(&self) -> Option<f64> {
        self.eval(&|_| None).ok().flatten()
    }

    /// Evaluates with `lookup` giving each reference's number (`None` when a reference
    /// cannot be read, which makes the result `None`; missing values should be 0).
    pub fn eval(&self, lookup: &dyn Fn(&Ref) -> Option<f64>) -> Result<Option<f64>, EvalError> {
        Ok(match self {
            Expr::Number(n) => Some(*n),
            Expr::Ref(r) => lookup(r),
            Expr::Neg(inner) => inner.eval(lookup)?.map(|v| -v),
            Expr::Binary(op, a, b) => {
                let (a, b) = (a.eval(lookup)?, b.eval(lookup)?);
                match (a, b) {
                    (Some(a), Some(b)) => Some(match op {
                        Op::Add => a + b,
                        Op::Sub => a - b,
                        Op::Mul => a * b,
                        Op::Div => {
                            if b == 0.0 {
                                return Err(EvalError::DividesByZero);
                            }
                            a / b
                        }
                    }),
                    _ => None,
                }
            }
            Expr::Call(func, args) => {
                let mut values = Vec::with_capacity(args.len());
                for arg in args {
                    match arg.eval(lookup)? {
                        Some(v) => values.push(v),
                        None => return Ok(None),
                    }
                }
                Some(match func {
                    Func::Sum => values.iter().sum(),
                    Func::Min => values.iter().copied().fold(f64::INFINITY, f64::min),
                    Func::Max => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                    Func::Abs => values[0].abs(),
                    Func::Round => round_to(values[0], values[1].clamp(0.0, 6.0) as i32),
                })
            }
        })
        .map(|v| v.filter(|v| v.is_finite()))
    }
}

/// Rounds half away from zero to `digits` decimals.
pub fn round_to(value: f64, digits: i32) -> f64 {
    let factor = 10f64.powi(digits);
    (value * factor).round() / factor
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(src: &str, vars: &[(&str, f64)]) -> Result<Option<f64>, EvalError> {
        let expr = parse(src).expect("parses");
        expr.eval(&|r| match r {
            Ref::Field(name) => vars.iter().find(|(n, _)| n == name).map(|(_, v)| *v),
            Ref::Column { table, column } => vars
                .iter()
                .find(|(n, _)| *n == format!("{table}.{column}"))
                .map(|(_, v)| *v),
        })
    }

    #[test]
    fn arithmetic_follows_precedence_and_parentheses() {
        assert_eq!(eval("1 + 2 * 3", &[]), Ok(Some(7.0)));
        assert_eq!(eval("(1 + 2) * 3", &[]), Ok(Some(9.0)));
        assert_eq!(eval("-2 * -3", &[]), Ok(Some(6.0)));
        assert_eq!(eval("10 - 4 - 3", &[]), Ok(Some(3.0)));
        assert_eq!(eval("（1 + 2）× 2", &[]), Ok(Some(6.0)));
        assert_eq!(eval("8 ÷ 2 × 3", &[]), Ok(Some(12.0)));
    }

    #[test]
    fn fields_columns_and_functions() {
        let vars = [("price", 2.5), ("qty", 4.0), ("lines.amount", 30.0)];
        assert_eq!(eval("price * qty", &vars), Ok(Some(10.0)));
        assert_eq!(eval("lines.amount + 1", &vars), Ok(Some(31.0)));
        assert_eq!(eval("SUM(price, qty, 1)", &vars), Ok(Some(7.5)));
        assert_eq!(eval("max(price, qty)", &vars), Ok(Some(4.0)));
        assert_eq!(eval("min(price, qty)", &vars), Ok(Some(2.5)));
        assert_eq!(eval("round(10 / 3, 2)", &vars), Ok(Some(3.33)));
        assert_eq!(eval("abs(0 - qty)", &vars), Ok(Some(4.0)));
        assert_eq!(eval("missing + 1", &vars), Ok(None));
        assert_eq!(
            parse("a * b.c + a").expect("parses").refs(),
            vec![
                Ref::Field("a".into()),
                Ref::Column {
                    table: "b".into(),
                    column: "c".into()
                }
            ]
        );
    }

    #[test]
    fn division_by_zero_is_found_early_or_reported() {
        assert!(parse("a / 0").expect("parses").divides_by_constant_zero());
        assert!(
            parse("a / (2 - 2)")
                .expect("parses")
                .divides_by_constant_zero()
        );
        assert!(!parse("a / b").expect("parses").divides_by_constant_zero());
        assert_eq!(eval("1 / b", &[("b", 0.0)]), Err(EvalError::DividesByZero));
    }

    #[test]
    fn nonsense_is_refused_with_its_position() {
        assert_eq!(parse("1 +"), Err(SyntaxError { at: 3 }));
        assert_eq!(parse("a b"), Err(SyntaxError { at: 2 }));
        assert_eq!(parse("evil(1)").map(|_| ()), Err(SyntaxError { at: 4 }));
        assert!(parse("round(1)").is_err());
        assert!(parse("(((1)").is_err());
        assert!(parse("1..2").is_err());
        assert!(parse(&"(".repeat(40)).is_err(), "too deep");
        assert!(parse(&"1+".repeat(300)).is_err(), "too long");
        assert!(parse("").is_err());
    }
}
