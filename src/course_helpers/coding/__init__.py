"""The coding lab: ICD-10-CM / ICD-10-PCS look-up and MS-DRG grouping pinned to one fiscal year."""
