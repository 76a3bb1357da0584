"""The parser of what a phone line says (pure): every phrasing issue 10 names, keys as digits and
as words, spoken menus, and the cases that must not produce a key."""

from __future__ import annotations

import pytest

from assistant.line.options import Option, parse


def keyed(text: str) -> list[tuple[str | None, str]]:
    return [(option.key, option.label) for option in parse(text).options]


@pytest.mark.parametrize(("said", "expected"), [
    ("Press 3 for change of address.", [("3", "change of address")]),
    ("For change of address, press 3.", [("3", "change of address")]),
    ("To report a change of address, press 3.", [("3", "report a change of address")]),
    ("Report a change of address, press three.", [("3", "report a change of address")]),
    ("Press 3 to report a change of address.", [("3", "report a change of address")]),
    ("If you are calling about your case status, press 2.", [("2", "your case status")]),
    ("If you're calling about a form, press one.", [("1", "a form")]),
    ("For all other information, press star.", [("*", "all other information")]),
    ("For recent news, press the pound key.", [("#", "recent news")]),
    ("To speak with a representative, press zero now.", [("0", "speak with a representative")]),
    ("For employers, press the hash key.", [("#", "employers")]),
    ("Para español, oprima dos.", [("2", "español")]),
    ("For English press one for Spanish press two", [("1", "english"), ("2", "spanish")]),
    ("Press 1 for English, press 2 for Spanish.", [("1", "english"), ("2", "spanish")]),
    ("Press 3 to report a change of address press 2 to check case status",
     [("3", "report a change of address"), ("2", "check case status")]),
    ("For U.S. citizens, press 3.", [("3", "us citizens")]),
    ("Press 4 for Find the nearest office, schedule an appointment, or ask for help.",
     [("4", "find the nearest office schedule an appointment or ask for help")]),  # a comma is a breath, not an end
    ("Press 1 for English, for Spanish press 2.", [("1", "english"), ("2", "spanish")]),
    ("For the nearest office, schedule an appointment, or ask for help, press 4.",
     [("4", "the nearest office schedule an appointment or ask for help")]),
])
def test_the_phrasings_real_lines_use(said: str, expected: list[tuple[str, str]]) -> None:
    assert keyed(said) == expected


@pytest.mark.parametrize(("said", "expected"), [
    # Issue 26: the phrasings of real recorded menus (Asterisk's voicemail and conferences), as Whisper reads them.
    ("3: record your name. 4: record your temporary greeting.", [("3", "record your name"), ("4", "record your temporary greeting")]),
    ("Please press 1 to mute or unmute yourself. 2 to lock or unlock the conference. Or 8 to exit.",
     [("1", "mute or unmute yourself"), ("2", "lock or unlock the conference"), ("8", "exit")]),
    ("Press 4 or 6 to decrease or increase the conference volume.",
     [("4", "decrease the conference volume"), ("6", "increase the conference volume")]),
    ("Dial 1. If you wish this caller to reach you directly, dial 2. If you wish to send this caller to voicemail.",
     [("1", "you wish this caller to reach you directly"), ("2", "send this caller to voicemail")]),
    ("Marque el número uno para grabar sus mensajes. Marque el asterisco para volver a las opciones principales.",
     [("1", "grabar sus mensajes"), ("*", "volver a las opciones principales")]),
    ("Por favor marca el número uno para habilitar el modo mudo. Número dos para bloquear la conferencia.",
     [("1", "habilitar el modo mudo"), ("2", "bloquear la conferencia")]),
    ("Para grabar su nombre, presione 3.", [("3", "grabar su nombre")]),
    ("Pulse 2 para pagos.", [("2", "pagos")]),
    ("Presione la tecla de número para salir.", [("#", "salir")]),
    ("Presión en número 1 para escuchar sus mensajes.", [("1", "escuchar sus mensajes")]),  # "presione el" misheard
    # The second batch of recordings: Spanish as Whisper hears it through the phone band.
    ("Presión y dos para mensajes guardados en otras carpetas.", [("2", "mensajes guardados en otras carpetas")]),
    ("Mark en número 4 para hacer una llamada al exterior.", [("4", "hacer una llamada al exterior")]),
    ("Número tres para grabar su nombre presionicuatro para la configuración del saludo temporal.",
     [("3", "grabar su nombre"), ("4", "la configuración del saludo temporal")]),
    ("Marque número 2 para reproducir. O sero para opciones del correo.", [("2", "reproducir"), ("0", "opciones del correo")]),
    ("Presione el ansterisco para pausar o despausar.", [("*", "pausar o despausar")]),
    # The key after its label, with no lead: "by pressing"; and "otherwise" as the label of everything else.
    ("You may quit voicemail at any time by pressing the pound key.", [("#", "quit voicemail at any time")]),
    ("If this is the person you're looking for, press 1 now. Otherwise, please press star now.",
     [("1", "this is the person you re looking for"), ("*", "otherwise")]),
    # The fourth batch: prompts that offer a key in passing, and numbers that are no keys.
    ("Enter a numeric dictation file name followed by pound or just pound to exit.", [("#", "exit")]),
    ("Al terminar, cuelgue opresione la tecla de número.", [("#", "al terminar cuelgue")]),  # "o presione"
    ("You can press the pound key to disconnect from the PBX.", [("#", "disconnect from the pbx")]),  # "you can" is no label
    ("Precione, nueve. Para más resultados.", [("9", "más resultados")]),  # a pause between verb and key
    ("Press 1 4 speed dial.", [("1", "speed dial")]),  # "for" said alone is heard as "four"
    ("Press 1. For extension. 3. 1.", [("1", "extension 3 1")]),  # an extension said digit by digit
    ("Dial 600. To check voicemail, dial extension 8500 to enter the voicemail system.", []),
    ("If you dial 1, 2, 3, 4, you can try to ring the console.", []),
    ("Press 1 to mute or unmute yourself. Press To leave the conference.",
     [("1", "mute or unmute yourself"), ("2", "leave the conference")]),  # "two to leave" heard as "to leave"
    # The fifth batch: single words again.
    ("Press 1. For folders. Seven.", [("1", "folders seven")]),
    ("Press Q. To call this number.", [("2", "call this number")]),  # "two" alone, through the phone band
    ("Use the 7 key for Q and the 9 key for Z.", []),
    ("Press 1 to mute. Or pound cancel.", [("1", "mute"), ("#", "cancel")]),  # "to" lost
    ("To reset the volume to the default level, press, press 5.", [("5", "reset the volume to the default level")]),
    # After "X, press" its label is said: "To leave" is the next option's, its key lost, not key 2.
    ("Press 1 to mute. To reset your volume, press To leave the conference.", [("1", "mute")]),
])
def test_the_phrasings_of_recorded_menus(said: str, expected: list[tuple[str, str]]) -> None:
    assert keyed(said) == expected


def test_a_bare_number_is_a_key_only_once_the_menu_named_one() -> None:
    assert keyed("2 to lock the conference.") == []
    assert [(o.key, o.label) for o in parse("2 to lock the conference.", continuing=True).options] == [("2", "lock the conference")]
    assert keyed("Press 1 to record 2 messages.") == [("1", "record 2 messages")]


def test_the_offer_to_repeat_is_marked_and_spoken_words_stay_with_their_key() -> None:
    heard = parse('For English, press 1, or say "English". To hear these options again, press 9.')
    assert heard.options == (Option("1", "english", "english"), Option("9", "hear these options again", None, repeat=True))
    assert parse("Press 1 for English or say English.").options == (Option("1", "english", "english"),)
    assert [o.repeat for o in parse("Press 9 for the theory option again.").options] == [True]  # misheard, still a replay
    # "again" or "de nuevo" alone is an option of its own, not a replay of the menu.
    assert [o.repeat for o in parse("Press 3 to record it again. Número ocho para borrar el archivo y comenzar de nuevo.").options] == [
        False, False]


def test_a_spoken_menu_offers_words_and_an_open_question_asks_for_them() -> None:
    spoken = parse("Please say case status, change of address, or forms.").options
    assert [(o.key, o.say) for o in spoken] == [(None, "case status"), (None, "change of address"), (None, "forms")]
    assert parse("In a few words, tell me why you're calling.").open_question
    assert not parse("For English, press 1.").open_question


def test_words_said_after_a_pause_belong_to_the_option_before() -> None:
    assert parse('Or say "case status".').options == (Option(None, "case status", "case status", addition=True),)
    # A full stop where the voice paused between the key and its label.
    assert parse("Press 1. For English or say English. Press 2. For Spanish.").options == (
        Option("1", "english", "english"), Option("2", "spanish"))


@pytest.mark.parametrize("said", [
    "Thank you for calling U.S. Citizenship and Immigration Services.",
    "Please enter your receipt number.",  # "enter" names no key here
    "Press the diamond key for more.",  # a key word the parser does not know: no key, never a guess
    "Your call is important to us. Please hold.",
])
def test_no_key_is_made_up(said: str) -> None:
    assert [o for o in parse(said).options if o.key is not None] == []


def test_an_ordinary_word_names_a_key_only_where_a_key_can_stand() -> None:
    assert keyed("Press to for Spanish.") == [("2", "spanish")]  # "two" heard as "to"
    assert keyed("Press four to check your case.") == [("4", "check your case")]
    assert keyed("Press to continue.") == []


def test_say_heard_as_pay_counts_only_right_after_or() -> None:
    # Through a phone line "or say" is often heard "or pay"; elsewhere "pay" is a label's word.
    assert parse("Press 1 for English or pay English.").options == (Option("1", "english", "english"),)
    assert keyed("To pay a fee, press 4.") == [("4", "pay a fee")]
    assert parse("Press 4 to pay a fee.").options == (Option("4", "pay a fee"),)


def test_a_key_between_two_languages_has_no_label() -> None:
    # "For English, press 1. Para español, oprima 2." heard run together, key 2 lost: key 1 is
    # not the Spanish key (a Spanish caller pressed 1 on this), nor surely the English one.
    assert keyed("English, press 1 for español.") == [("1", "")]
    assert keyed("For English, press 1. Para español, oprima 2.") == [("1", "english"), ("2", "español")]


def test_a_lead_alone_is_no_label() -> None:
    # "If you are calling about," and the label lost: the key's words were not caught.
    assert keyed("If you are calling about, press 4.") == [("4", "")]
