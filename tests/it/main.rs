//! rbaclint's integration tests, in one binary so a change links once.
//! Each module tests one area; `common` holds the shared helpers.

mod action;
mod agreement;
mod audit;
mod authz;
mod bad_input;
mod cli;
mod common;
mod config;
mod corpus;
mod cross_object;
mod decode_cases;
mod decode_property;
mod defaults;
mod discovery;
mod extensions;
mod fixes;
mod fixtures;
mod formats;
mod generators;
mod linear_growth;
mod live_cluster;
mod module_graph;
mod mutations;
mod peers;
mod precommit;
mod render_scaling;
mod restyle;
mod review;
mod rules_meta;
mod suppressions;
mod views;
