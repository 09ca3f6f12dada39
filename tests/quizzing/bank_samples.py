"""Small bank texts shared by the quiz tests."""

GOOD = """\
schema_version: 1
id: 90_sample
title: Sample
guide_section: What Is an Inpatient Coder?
questions:
  - id: s-one
    type: single_choice
    prompt: Which code set reports inpatient hospital procedures?
    choices: [CPT, ICD-10-PCS, HCPCS Level II]
    answer: ICD-10-PCS
    explanation: ICD-10-PCS is the HIPAA standard for inpatient hospital procedures.
    guide_section: What Is an Inpatient Coder?
    feedback: {CPT: CPT is for physician and outpatient services.}
  - id: s-two
    type: true_false
    prompt: An observation patient who stays overnight is an inpatient.
    answer: false
    explanation: Inpatient status starts with a formal admission order.
    guide_section: What Is an Inpatient Coder?
"""
