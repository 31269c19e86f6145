//! The conventions profile's page over a real socket: `{"items", "hasMore", "nextCursor"}`,
//! no `Link` header, and the cursor leads to the rest.
use guidepost::{Api, Id, Page, PageRequest, endpoint, model};
use guidepost_ui_tests::{Db, Owner};
use std::io::{Read, Write};

#[model]
#[derive(serde::Serialize)]
pub struct RegionOut {
    pub id: Id,
}

/// List the service's regions.
#[endpoint(method = GET, path = "/regions", owner = Owner::Platform, publish = Private,
           auth = none, tenant = system)]
async fn list_regions(page: PageRequest) -> Page<RegionOut> {
    let after = match page.position() {
        Some([guidepost::CursorValue::Int(id)]) => *id,
        _ => 0,
    };
    let rows: Vec<RegionOut> = (after + 1..=3)
        .take(page.fetch_limit() as usize)
        .map(|id| RegionOut { id: Id(id as u64) })
        .collect();
    page.page(rows, |region| region.id.0 as i64)
}

/// GET `path` over a plain socket: the head and the JSON body.
fn get(addr: std::net::SocketAddr, path: &str) -> (String, serde_json::Value) {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.to_lowercase(), serde_json::from_str(body).unwrap())
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let router = Api::new(Db).endpoint(list_regions).into_router().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    runtime.spawn(async move { axum::serve(listener, router).await.unwrap() });

    let (head, first) = get(addr, "/v1/regions?limit=2");
    assert!(!head.contains("\r\nlink:"), "{head}");
    assert_eq!(first["items"], serde_json::json!([{"id": "1"}, {"id": "2"}]));
    assert_eq!(first["hasMore"], true);
    let cursor = first["nextCursor"].as_str().unwrap();

    let (_, rest) = get(addr, &format!("/v1/regions?limit=2&cursor={cursor}"));
    assert_eq!(rest, serde_json::json!({"items": [{"id": "3"}], "hasMore": false}));
}
