//! `rgrpc bench`: load testing on the dynamic client. A run is planned (`run::Plan`),
//! paced (`pace`), fed (`requests`), measured in HDR histograms (`stats`), reported
//! (`report`) and judged (`threshold`). Nothing here parses flags or prints to a terminal
//! but through what the command hands it.

pub mod call;
pub mod html;
pub mod pace;
pub mod report;
pub mod requests;
pub mod run;
pub mod stats;
pub mod threshold;
pub mod timeline;
pub mod timer;
