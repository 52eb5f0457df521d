"""The API's records: BDCs with their people, outlets and grant tranches; KSMs with their
members, products and assessments, and the KSM members' writes."""
