//! The report's chart: attendance % as bars and the mean rating as a line
//! on a second axis (1–5), one step per session over the course days. A
//! PNG 1,080 px wide, meant to be read on a phone: large type, few marks.
//! The font is bundled (DejaVu Sans, `assets/fonts/`), never the system's.

use std::sync::Once;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontStyle};

use super::data::{CourseReport, SessionStatus};

pub const WIDTH: u32 = 1080;
pub const HEIGHT: u32 = 1200;

const FONT: &str = "copes-sans";
const FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

const TITLE_PX: u32 = 40;
const LABEL_PX: u32 = 28;
const DESC_PX: u32 = 30;

const BAR: RGBColor = RGBColor(70, 130, 180);
const LINE: RGBColor = RGBColor(200, 60, 40);

/// The chart's words, in the coordinator's language.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartLabels {
    pub title: String,
    pub x_desc: String,
    pub attendance_desc: String,
    pub rating_desc: String,
    pub attendance_legend: String,
    pub rating_legend: String,
    /// The tick under each day's first session ("D1", "J1"), day 1 first.
    pub days: Vec<String>,
    /// What follows a number to make it a percentage ("%", " %").
    pub percent: String,
    /// Shown instead of bars when no session was held.
    pub nothing_yet: String,
}

fn font_ready() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if register_font(FONT, FontStyle::Normal, FONT_BYTES).is_err() {
            tracing::error!("the bundled chart font could not be read");
        }
    });
}

/// The chart as PNG bytes.
pub fn png(report: &CourseReport, labels: &ChartLabels) -> anyhow::Result<Vec<u8>> {
    font_ready();
    let mut rgb = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    draw(&mut rgb, report, labels).map_err(|e| anyhow::anyhow!("chart: {e}"))?;
    let mut out = Vec::with_capacity(64 * 1024);
    {
        let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Default);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&rgb)?;
    }
    Ok(out)
}

fn draw(rgb: &mut [u8], report: &CourseReport, labels: &ChartLabels) -> Result<(), Box<dyn std::error::Error>> {
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let sessions = &report.sessions;
    let n = sessions.len().max(1) as f64;
    // The tick of a day goes under its first session.
    let ticks: Vec<Option<String>> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (i == 0 || sessions[i - 1].day != s.day)
                .then(|| labels.days.get(s.day_number as usize - 1).cloned().unwrap_or_default())
        })
        .collect();

    let mut chart = ChartBuilder::on(&root)
        .caption(&labels.title, (FONT, TITLE_PX))
        .margin(24)
        .margin_top(48)
        .x_label_area_size(90)
        .y_label_area_size(110)
        .right_y_label_area_size(110)
        .build_cartesian_2d(-0.5f64..n - 0.5, 0f64..100f64)?
        .set_secondary_coord(-0.5f64..n - 0.5, 1f64..5f64);
    let tick_of = |x: &f64| {
        let i = x.round();
        if (x - i).abs() > 0.01 || i < 0.0 {
            return String::new();
        }
        ticks.get(i as usize).cloned().flatten().unwrap_or_default()
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(sessions.len() + 1)
        .x_label_formatter(&tick_of)
        .y_labels(6)
        .y_label_formatter(&|y| format!("{y:.0}{}", labels.percent))
        .x_desc(&labels.x_desc)
        .y_desc(&labels.attendance_desc)
        .label_style((FONT, LABEL_PX))
        .axis_desc_style((FONT, DESC_PX))
        .light_line_style(WHITE.mix(0.0))
        .draw()?;
    chart
        .configure_secondary_axes()
        .y_labels(5)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .y_desc(&labels.rating_desc)
        .label_style((FONT, LABEL_PX))
        .axis_desc_style((FONT, DESC_PX))
        .draw()?;

    chart
        .draw_series(sessions.iter().enumerate().filter_map(|(i, s)| {
            let pct = s.present_pct?;
            let x = i as f64;
            Some(Rectangle::new([(x - 0.38, 0.0), (x + 0.38, pct)], BAR.mix(0.75).filled()))
        }))?
        .label(&labels.attendance_legend)
        .legend(|(x, y)| Rectangle::new([(x, y - 10), (x + 20, y + 10)], BAR.mix(0.75).filled()));

    // A session without ratings breaks the line: a gap, never a zero.
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, s) in sessions.iter().enumerate() {
        match s.ratings.mean.filter(|_| s.status != SessionStatus::Cancelled) {
            Some(m) => runs.last_mut().expect("a run").push((i as f64, m)),
            None if runs.last().is_some_and(|r| !r.is_empty()) => runs.push(Vec::new()),
            None => {}
        }
    }
    let line = LINE.stroke_width(5);
    let mut first = true;
    for run in runs.into_iter().filter(|r| !r.is_empty()) {
        let points = run.clone();
        let drawn = chart.draw_secondary_series(LineSeries::new(run, line))?;
        if first {
            drawn
                .label(&labels.rating_legend)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], LINE.stroke_width(5)));
            first = false;
        }
        chart.draw_secondary_series(points.into_iter().map(|p| Circle::new(p, 7, LINE.filled())))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerLeft)
        .label_font((FONT, LABEL_PX))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .margin(16)
        .draw()?;

    if report.held().next().is_none() {
        let style = TextStyle::from((FONT, DESC_PX).into_font()).pos(Pos::new(HPos::Center, VPos::Center));
        root.draw_text(&labels.nothing_yet, &style, ((WIDTH / 2) as i32, (HEIGHT / 2) as i32))?;
    }
    root.present()?;
    Ok(())
}
