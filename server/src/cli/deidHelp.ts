/** `biomed deid --help`: the usage text, also shown with every usage error of the command. */
export const DEID_COMMAND_HELP = `Usage: biomed deid <notes, folders or corpus files...> --out DIR
       [--style tags|surrogates] [--seed N] [--key FILE] [--patient-of note|folder]
       [--shard K/N] [--force]

Writes a de-identified copy of each note into --out, in the layout it came in: a note file
(.txt, .note, .md; folders: every note below them) gets its copy at the same relative path,
with a BRAT .ann beside a .txt moved onto the new text (each annotation's offsets shifted
so that it points at the same words; annotator notes, # lines, dropped); a PhysioNet .text
file (records START_OF_RECORD=P||||N||||) gets a .text with the same record headers. Corpus
files (named, or in a folder) are written in their own layout, every annotation moved onto
the new text and what quotes the text read again from it: JSON lines (.jsonl: text;
entities, findings, sentences), PubTator (.pubtator: title and abstract; mention lines),
BioC JSON (.bioc.json: passages' text and offsets; annotations' locations and text) and
i2b2 2014 XML notes (.xml: <TEXT>; the start, end and text of each element of <TAGS>).
Ids and the other fields are copied as they are. The protected health information (PHI) is
what biomed eval deid scores: the rules and lists, no model. Prints what was replaced, by
type.

  --style tags        (default) each PHI replaced by its tag as MIMIC writes them: [**Name**],
                      [**Date**], [**Age over 90**], [**Location**], [**Address**],
                      [**Telephone/Fax**], [**E-mail address**], [**URL**], [**Number**]
  --style surrogates  realistic replacements, the same for a patient in every note and every
                      run with the same --seed: each name word becomes a word of the name list
                      (one name, one surrogate), dates move by one offset per patient (30 to
                      1095 days, either way) in their own layout (7/22, 2/3/98, Jan 5,
                      January 5, 2019, 2019-01-05, the 3rd), so intervals survive; a date in
                      another layout is tagged; ages over 89 become 90+; places, IDs, phone
                      numbers and addresses get same-shape replacements

Options:
  --out DIR              the output folder (required); not an input nor a folder holding one
  --seed N               the surrogates' seed (required with surrogates, a whole number): keep
                         it as secret as the key, with it the dates can be shifted back
  --key FILE             write each patient's date offset and name surrogates (JSON: {"seed",
                         "patients": {P: {"dateShiftDays", "names": {name: surrogate}}}}),
                         merged into FILE when it is there (a rerun, another shard: give
                         each shard its own); refused inside --out
  --key-beside-output    allow --key inside --out (the key re-identifies the notes)
  --patient-of W         whose notes share surrogates: note (default: each note its own
                         patient) or folder (the notes of one folder are one patient's: the
                         note's folder below the input folder, or the input folder's name for
                         the notes at its top). A PhysioNet record is its P's; a corpus
                         document the patient's it names (a JSON line's "patient" or
                         infons.patient, a BioC document's infon patient), else its own
  --shard K/N            only shard K of N, as biomed annotate splits them (the note's id: its
                         path below the input folder without extension; a corpus document's
                         id, a JSON line's number when it has none; "P N"); a corpus file
                         (.text, .jsonl, .pubtator, .bioc.json) is written once every
                         document of it is done, by any shard
  --shard auto           K/N from a Slurm array task or a Kubernetes Indexed Job (see
                         biomed annotate --help)
  --force                write again notes done in an earlier run, and replace files biomed
                         did not write
  -h, --help             this help

Resumable: each output is written atomically (whole or not at all) and recorded as biomed's
own; a rerun skips the notes whose copy it wrote and that have not changed since (with
another --style or --seed, give --force). A note that is not text is skipped and named;
files that are not UTF-8 are read as Latin-1 and written back in it (UTF-16 is refused);
what is dropped (records and lines cut short, annotations past their text) is counted on
stderr by file, and what is kept but worth knowing (annotations overlapping another,
PubTator records without their blank line) is said apart; a corpus file that cannot be read
at all (BioC JSON or i2b2 XML cut short) is named and nothing is written for it. A note
without PHI is copied unchanged. Other layouts (.json, .csv) are refused.

Exit codes: 0 all notes written, 1 some notes or files were unreadable or failed (see the
summary), 2 usage error.`;
