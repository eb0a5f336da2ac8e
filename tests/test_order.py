"""Order stage: the headline fact opens, context-dependent sentences never do, the rest read in source order."""

from __future__ import annotations

from tomtat.prepare import prepare
from tomtat.order import order
from tomtat.represent import cluster_vectors, represent

DOCS = [
    {"title": "Đà Nẵng khánh thành cầu đi bộ Hàn Giang", "text": "Cùng ngày, thành phố đón hàng nghìn du khách đến xem pháo hoa bên sông.\nCầu đi bộ Hàn Giang dài 520 mét nối hai quận Hải Châu và Sơn Trà.\nĐà Nẵng khánh thành cầu đi bộ Hàn Giang sáng 26/4 sau 18 tháng thi công."},
    {"text": "Người dân đổ về cầu từ tối 26/4 để ngắm đèn đổi màu trên sông Hàn.\nBan quản lý sẽ tạm dừng đón khách khi trên cầu có quá 1.200 người."},
]


def _setup():
    cluster = prepare(DOCS)
    vectors = cluster_vectors(cluster)
    return cluster, vectors


def test_closest_to_titles_opens_and_rest_keep_source_order():
    cluster, vectors = _setup()
    chosen = list(range(len(cluster.sentences)))
    ordered = order(cluster, chosen, vectors)
    assert cluster.sentences[ordered[0]].text.startswith("Đà Nẵng khánh thành")
    rest = [(cluster.sentences[i].in_lead is False, cluster.sentences[i].article, cluster.sentences[i].index) for i in ordered[1:]]
    assert rest == sorted(rest)
    assert sorted(ordered) == chosen


def test_context_dependent_sentence_never_opens():
    cluster, vectors = _setup()
    for i, s in enumerate(cluster.sentences):
        if s.text.startswith("Cùng ngày"):
            others = [j for j in range(len(cluster.sentences)) if not cluster.sentences[j].text.startswith("Đà Nẵng khánh")]
            assert order(cluster, others, vectors)[0] != i


def test_without_titles_source_order():
    cluster = prepare([d["text"] for d in DOCS])
    vectors = represent([s.tokens for s in cluster.sentences])
    chosen = [3, 0, 2]
    assert order(cluster, chosen, vectors) == sorted(chosen, key=lambda i: (not cluster.sentences[i].in_lead, cluster.sentences[i].article, cluster.sentences[i].index))
