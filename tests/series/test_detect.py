"""Series detection without a database: titles, recalling chains, registry, order, members not held."""

from archive.series.detect import Resolution, chain_numbers, detect_series, title_key

MIGRANTS = "Violence against women migrant workers"


def res(number, title, recalls=(), agenda="Advancement of women", registry=""):
    session = int(number.split("/")[0])
    return Resolution(f"A/RES/{number}", session, number, title, agenda, "Third Committee", list(recalls), registry)


def by_slug(found):
    return {s.slug: [m.number for m in s.members] for s in found}


def test_a_shared_title_across_sessions_is_a_series_and_a_lone_resolution_is_not():
    found = detect_series(
        [
            res("76/141", MIGRANTS),
            res("78/180", "Violence against women migrant workers."),
            res("77/5", "Cooperation between the United Nations and the Pacific Islands Forum"),
        ]
    )
    assert by_slug(found) == {"violence-against-women-migrant-workers": ["76/141", "78/180"]}
    assert found[0].signals == {"title": 1}


def test_title_comparison_ignores_case_quotes_dashes_and_the_closing_stop():
    assert title_key("“Follow-up to the Fourth World Conference on Women.”") == title_key(
        "follow up to the Fourth World Conference on Women"
    )


def test_a_change_of_title_does_not_drop_a_member_the_chain_names():
    renamed = "Violence against women and girls migrant workers"
    found = detect_series(
        [
            res("76/141", MIGRANTS),
            res("78/180", renamed, [f"Recalling its resolution 76/141 of 16 December 2021 on {renamed.lower()}"]),
        ]
    )
    assert [m.number for m in found[0].members] == ["76/141", "78/180"]


def test_a_recall_under_the_same_agenda_item_with_a_close_title_joins():
    found = detect_series(
        [
            res("76/141", MIGRANTS),
            res(
                "78/180",
                "Violence against migrant women workers and girls",
                ["Recalling its resolution 76/141 of 16 December 2021"],
            ),
        ]
    )
    assert by_slug(found) == {"violence-against-women-migrant-workers": ["76/141", "78/180"]}
    assert found[0].signals == {"recall, same agenda item": 1}


def test_a_recall_of_another_subject_does_not_join():
    found = detect_series(
        [
            res(
                "76/1", "Political declaration on universal health coverage", agenda="Global health and foreign policy"
            ),
            res(
                "78/9",
                "Global health and foreign policy",
                ["Recalling its resolution 76/1 of 10 October 2021"],
                agenda="Global health and foreign policy",
            ),
        ]
    )
    assert found == []


def test_earlier_members_named_in_the_chain_are_not_held_and_other_subjects_are_left_out():
    found = detect_series(
        [
            res(
                "76/141",
                MIGRANTS,
                [
                    "Recalling its resolutions 70/130 of 17 December 2015 and 72/149 of 19 December 2017 on violence "
                    "against women migrant workers, and 74/148 of 18 December 2019 on the protection of migrants",
                ],
            )
        ]
    )
    (series,) = found
    assert [(n.symbol, n.session, n.named_by) for n in series.not_held] == [
        ("A/RES/70/130", 70, "A/RES/76/141"),
        ("A/RES/72/149", 72, "A/RES/76/141"),
    ]
    assert series.sessions == [70, 72, 76]


def test_chain_after_the_title_with_including():
    text = (
        "Recalling all its previous resolutions on violence against women migrant workers, including "
        "resolution 78/180 of 19 December 2023, and resolution 77/1 on another question"
    )
    assert chain_numbers(text, MIGRANTS) == ["78/180"]


def test_previous_resolutions_on_the_subject_is_a_chain():
    found = detect_series(
        [
            res("75/10", "Oceans and the law of the sea"),
            res(
                "77/2",
                "Sustainable fisheries",
                ["Recalling its previous resolutions on the subject, in particular resolution 75/10"],
            ),
        ]
    )
    assert by_slug(found) == {"oceans-and-the-law-of-the-sea": ["75/10", "77/2"]}


def test_two_members_in_one_session_are_ordered_by_number():
    found = detect_series(
        [
            res("78/99", "Financing of the Mission"),
            res("78/9", "Financing of the Mission"),
            res("77/300", "Financing of the Mission"),
        ]
    )
    assert [m.number for m in found[0].members] == ["77/300", "78/9", "78/99"]


def test_the_registry_overrides_detection():
    found = detect_series(
        [
            res("76/141", MIGRANTS, registry="migrants-registry"),
            res("78/180", "Some renamed title", registry="migrants-registry"),
            res("80/185", MIGRANTS),
            res("80/186", "Some renamed title", registry="other-series"),
        ],
        reserved_slugs={"migrants-registry", "other-series"},
    )
    slugs = by_slug(found)
    assert slugs["migrants-registry"] == ["76/141", "78/180", "80/185"]
    assert "80/186" not in slugs["migrants-registry"]


def test_slugs_are_unique_and_stable():
    found = detect_series([res("76/1", "Financing"), res("77/1", "Financing")], reserved_slugs={"financing"})
    assert [s.slug for s in found] == ["financing-76-1"]


def test_other_relevant_resolutions_and_a_misprinted_number_of_another_subject_do_not_join():
    child = "Rights of the child"
    found = detect_series(
        [
            res("78/178", "Promoting social integration through social inclusion", agenda="Social development"),
            res("78/188", "The girl child", agenda="Rights of children"),
            res("78/187", child, agenda="Rights of children"),
            res(
                "80/190",
                child,
                [
                    "Reaffirming all of its previous resolutions on the rights of the child, the most recent of which was "
                    "resolution 78/178 of 19 December 2023, and recalling also all other relevant resolutions on this matter, "
                    "including its resolutions 78/188 of 19 December 2023 on the girl child"
                ],
                agenda="Rights of children",
            ),
        ]
    )
    assert by_slug(found) == {"rights-of-the-child": ["78/187", "80/190"]}


def test_parts_of_one_resolution_follow_its_number():
    found = detect_series(
        [
            res("74/249", "Financial reports"),
            res("74/25", "Financial reports"),
            Resolution("A/RES/74/249 B", 74, "74/249 B", "Financial reports"),
            res("75/1", "Financial reports"),
        ]
    )
    assert [m.number for m in found[0].members] == ["74/25", "74/249", "74/249 B", "75/1"]
