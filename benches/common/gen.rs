//! A generated directory for the default model, shared by the native benchmarks and (through
//! `examples/gen_directory.rs`) the JavaScript ones: `companies` copies of one realistic company.
//!
//! One company: the five services, 200 projects (80 automation, 60 studio, 40 modeler, 10 ai,
//! 10 bi), every automation project with its three stages and every studio project with its
//! development environment (300 environments: the stages the model allows each service),
//! `users` users, all company users, each on one or two subscriptions, and assignments: 2 company
//! administrators, an owner and 4 viewers per subscription, an owner and 24 contributors per
//! project, two users per environment role, and a developer profile for a third of the studio users.
#![allow(dead_code, clippy::unwrap_used, clippy::indexing_slicing)]

use std::fmt::Write;

pub const SERVICES: [&str; 5] = ["automation", "studio", "modeler", "ai", "bi"];
const PROJECTS: [usize; 5] = [80, 60, 40, 10, 10];
/// The stages of an automation project's and a studio project's environments.
const STAGES: [&[&str]; 2] = [&["testing", "staging", "production"], &["development"]];
const ENV_ROLES: [&str; 4] = ["environment-owner", "environment-admin", "environment-technical", "environment-basic"];
const PROFILES: [&str; 5] = ["full-access-developer", "developer", "project-configurator", "power-user", "apps-builder"];

pub struct Generated {
    pub json: String,
    pub assignments: usize,
    pub scopes: usize,
    pub users: usize,
}

/// A small deterministic generator.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

pub fn user(c: usize, i: usize) -> String {
    format!("u{i}@c{c}.test")
}

pub fn project(s: usize, p: usize) -> String {
    format!("{}-p{p}", SERVICES[s])
}

/// Writes the flat directory form.
pub fn generate(companies: usize, users: usize) -> Generated {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut scopes = Vec::new();
    let mut members: Vec<(String, Vec<String>)> = Vec::new();
    let mut assignments: Vec<(String, &str, String)> = Vec::new();
    for c in 0..companies {
        let company = format!("c{c}");
        scopes.push(company.clone());
        members.push((company.clone(), (0..users).map(|i| user(c, i)).collect()));
        // Subscription users: user i is on service i % 5 and, for every third user, the next one too.
        let mut subs: Vec<Vec<usize>> = vec![Vec::new(); 5];
        for i in 0..users {
            subs[i % 5].push(i);
            if i % 3 == 0 {
                subs[(i + 1) % 5].push(i);
            }
        }
        for v in subs.iter_mut() {
            v.sort_unstable();
        }
        assignments.push((user(c, 0), "company-admin", company.clone()));
        assignments.push((user(c, 1), "company-admin", company.clone()));
        for (s, service) in SERVICES.iter().enumerate() {
            let sub = format!("{company}/{service}");
            scopes.push(sub.clone());
            members.push((sub.clone(), subs[s].iter().map(|&i| user(c, i)).collect()));
            let pick = |rng: &mut Rng| subs[s][rng.below(subs[s].len())];
            assignments.push((user(c, pick(&mut rng)), "subscription-owner", sub.clone()));
            for _ in 0..4 {
                assignments.push((user(c, pick(&mut rng)), "subscription-viewer", sub.clone()));
            }
            if *service == "studio" {
                for &i in subs[s].iter().filter(|i| *i % 3 == 1) {
                    assignments.push((user(c, i), PROFILES[i % 5], sub.clone()));
                }
            }
            for p in 0..PROJECTS[s] {
                let proj = format!("{sub}/{}", project(s, p));
                scopes.push(proj.clone());
                assignments.push((user(c, pick(&mut rng)), "project-owner", proj.clone()));
                for _ in 0..24 {
                    assignments.push((user(c, pick(&mut rng)), "project-contributor", proj.clone()));
                }
                if s <= 1 {
                    for stage in STAGES[s] {
                        let env = format!("{proj}/{stage}");
                        scopes.push(env.clone());
                        for role in ENV_ROLES.iter().chain(ENV_ROLES.iter()) {
                            assignments.push((user(c, pick(&mut rng)), role, env.clone()));
                        }
                    }
                }
            }
        }
    }
    // Duplicate picks are harmless in a directory, but keep the count honest.
    assignments.sort();
    assignments.dedup();
    let mut json = String::with_capacity(assignments.len() * 80 + scopes.len() * 40);
    json.push_str("{\"scopes\":[");
    for (i, s) in scopes.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        write!(json, "\"{s}\"").unwrap();
    }
    json.push_str("],\"members\":{");
    for (i, (s, us)) in members.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        write!(json, "\"{s}\":[").unwrap();
        for (j, u) in us.iter().enumerate() {
            if j > 0 {
                json.push(',');
            }
            write!(json, "\"{u}\"").unwrap();
        }
        json.push(']');
    }
    json.push_str("},\"assignments\":[");
    for (i, (u, r, s)) in assignments.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        write!(json, "{{\"user\":\"{u}\",\"role\":\"{r}\",\"scope\":\"{s}\"}}").unwrap();
    }
    json.push_str("]}");
    Generated { json, assignments: assignments.len(), scopes: scopes.len(), users: users * companies }
}
